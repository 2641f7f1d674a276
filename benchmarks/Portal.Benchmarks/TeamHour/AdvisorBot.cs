using Microsoft.Playwright;

namespace Portal.Benchmarks.TeamHour;

/// <summary>What one advisor did about one conversation, as their browser showed it.</summary>
internal sealed record AdvisorAction(Guid UserId, Guid ThreadId, bool Helping, bool SawAnswerFirst, bool Warned, bool Sent, DateTimeOffset At);

/// <summary>
/// One advisor at a laptop (1366×800): the inbox filtered to "Assigned to me", answering every conversation whose last
/// text is the customer's ("no rush" ones only once the list marks them overdue, "no answer" ones never), and, when a
/// colleague asks for help with an urgent one, opening it in a second tab and answering there too. When the composer
/// warns that someone else is answering, the advisor sends anyway for even conversations and holds back for odd ones.
/// </summary>
internal sealed class AdvisorBot(string name, Guid userId, IBrowserContext context, string baseUrl, AcceleratedClock clock, ConcurrentBag<AdvisorAction> log)
{
    private const string PendingRows = """
        () => [...document.querySelectorAll('.thread-row')]
          .filter(r => !r.querySelector('.thread-preview .thread-you'))
          .map(r => ({ id: r.dataset.threadId, preview: r.querySelector('.thread-preview')?.textContent ?? '', overdue: !!r.querySelector('.thread-overdue') }))
        """;

    private const string LastIsAnswer = """
        id => {
          const rows = [...document.querySelectorAll(`.thread-view[data-thread-id="${id}"] .bubble-row`)];
          return rows.length > 0 && rows[rows.length - 1].classList.contains('outbound');
        }
        """;

    private readonly ConcurrentQueue<Guid> helpRequests = new();
    private IPage inbox = null!;
    private IPage helper = null!;
    private int replies;

    public string Name => name;
    public Guid UserId => userId;
    public IPage Inbox => inbox;

    /// <summary>Set while the laptop sleeps: the advisor does nothing.</summary>
    public volatile bool Asleep;

    /// <summary>Set once the advisor has seen <see cref="Asleep"/> between two actions: the lid closes then.</summary>
    public volatile bool Idle;

    public void AskForHelp(Guid threadId) => helpRequests.Enqueue(threadId);

    public async Task SignInAsync(string email, string password)
    {
        inbox = await context.NewPageAsync();
        await BenchChromium.SignInAsync(inbox, baseUrl, email, password);
        await inbox.GotoAsync($"{baseUrl}/inbox");
        await inbox.WaitForSelectorAsync(".inbox[data-live=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await inbox.ClickAsync("[data-testid=filter-mine]");
        await inbox.WaitForSelectorAsync("[data-testid=filter-mine][aria-pressed=true]");
        helper = await context.NewPageAsync();
    }

    public async Task WorkAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                Idle = Asleep;
                if (Asleep)
                {
                    await Task.Delay(100, CancellationToken.None);
                    continue;
                }

                if (helpRequests.TryDequeue(out var urgent))
                {
                    await HelpAsync(urgent);
                    continue;
                }

                var pending = await inbox.EvaluateAsync<Row[]>(PendingRows);
                var next = pending.FirstOrDefault(r => !r.Preview.Contains("(no answer)", StringComparison.Ordinal)
                    && (!r.Preview.Contains("(no rush)", StringComparison.Ordinal) || r.Overdue));
                if (next is null)
                {
                    await Task.Delay(150, CancellationToken.None);
                    continue;
                }

                await AnswerAsync(inbox, Guid.Parse(next.Id), helping: false, () => inbox.ClickAsync($".thread-row[data-thread-id=\"{next.Id}\"] a.thread-link"));
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                // A sleeping laptop, or a row that moved under the click: look again.
                if (!Asleep)
                {
                    var shot = Path.Combine(Path.GetTempPath(), $"team-hour-{name.Split(' ')[0]}-{DateTime.UtcNow:HHmmss}.png");
                    Console.Error.WriteLine($"{name}: {e.Message.Split('\n')[0]} ({shot})");
                    await inbox.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
                    await helper.ScreenshotAsync(new PageScreenshotOptions { Path = shot.Replace(".png", "-helper.png", StringComparison.Ordinal) });
                }

                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    private Task HelpAsync(Guid threadId) =>
        AnswerAsync(helper, threadId, helping: true, () => helper.GotoAsync($"{baseUrl}/threads/{threadId}"));

    private async Task AnswerAsync(IPage page, Guid threadId, bool helping, Func<Task> open)
    {
        await open();
        await page.WaitForSelectorAsync(".inbox[data-live=true]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        var composer = page.Locator($".thread-view[data-thread-id=\"{threadId}\"] .composer textarea");
        await composer.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.WaitForSelectorAsync($".thread-view[data-thread-id=\"{threadId}\"] .composer textarea:not([disabled])", new PageWaitForSelectorOptions { Timeout = 15_000 });
        if (await page.EvaluateAsync<bool>(LastIsAnswer, threadId.ToString()))
        {
            // Someone has answered it already, in plain view: a person leaves it.
            log.Add(new AdvisorAction(userId, threadId, helping, SawAnswerFirst: true, Warned: false, Sent: false, clock.GetUtcNow()));
            return;
        }

        var text = $"{name} here: we can take it at {10 + replies % 6}:00 (reply {++replies})";
        await composer.PressSequentiallyAsync(text, new LocatorPressSequentiallyOptions { Delay = 15 });
        await page.ClickAsync($".thread-view[data-thread-id=\"{threadId}\"] [data-testid=send-now]");
        var warning = page.Locator(".mud-dialog", new PageLocatorOptions { HasText = "Someone else is answering" });
        var sent = page.Locator($".thread-view[data-thread-id=\"{threadId}\"] .bubble-row.outbound .bubble-body", new PageLocatorOptions { HasText = text });
        var outcome = await Task.WhenAny(
            warning.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 }).ContinueWith(_ => "warned", TaskScheduler.Default),
            sent.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 }).ContinueWith(_ => "sent", TaskScheduler.Default));
        if (await outcome == "warned" && await warning.IsVisibleAsync())
        {
            var anyway = threadId.GetHashCode() % 2 == 0;
            await warning.Locator("button", new LocatorLocatorOptions { HasText = anyway ? "Send anyway" : "Don't send" }).ClickAsync();
            if (anyway)
            {
                await sent.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            }

            log.Add(new AdvisorAction(userId, threadId, helping, SawAnswerFirst: false, Warned: true, Sent: anyway, clock.GetUtcNow()));
            return;
        }

        log.Add(new AdvisorAction(userId, threadId, helping, SawAnswerFirst: false, Warned: false, Sent: await sent.IsVisibleAsync(), clock.GetUtcNow()));
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Preview { get; set; } = "";
        public bool Overdue { get; set; }
    }
}

using Microsoft.EntityFrameworkCore;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Infrastructure.Sending;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Sending;

/// <summary>
/// Every sending path through the real services, for a Chicago department (8:00–21:00) and customers in Honolulu, Los
/// Angeles, New York, London and one whose zone is unknown: a person's text now, a person's text for later, a manager's
/// scheduled text, an API text, a retry due now, and a campaign's recipient gate. At a minute either side of the
/// customer's 8:00 and 21:00, on an ordinary day and on both US DST days of 2027, each path is open exactly when the
/// customer's own clock (read here from the zone, not from the rule under test) says 8:00–20:59.
/// </summary>
public sealed class SendingPathsAgreeTests : IAsyncLifetime
{
    private FakeProviderServer surge = default!;
    private SendingHarness h = default!;

    public async Task InitializeAsync()
    {
        surge = await FakeProviderServer.SurgeAcceptingAsync();
        h = await SendingHarness.CreateAsync(SurgeModule.Kind, surge.BaseUrl);
        await using var db = h.Database.CreateDbContext();
        (await db.Departments.FindAsync(h.Department.Id))!.SendingHours = new Portal.Core.Departments.SendingHours(new TimeOnly(8, 0), new TimeOnly(21, 0));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await surge.DisposeAsync();
    }

    [Theory]
    [InlineData("Pacific/Honolulu", "+13125550101")]
    [InlineData("America/Los_Angeles", "+13125550101")]
    [InlineData("America/New_York", "+13125550101")]
    [InlineData("Europe/London", "+13125550101")]
    // No zone recorded and a number whose area is no area: the department's zone stands in.
    [InlineData(null, "+15555550100")]
    public async Task Every_path_opens_and_closes_at_the_customers_own_8_and_9(string? zone, string phone)
    {
        await using (var db = h.Database.CreateDbContext())
        {
            var customer = (await db.Customers.FindAsync(h.Customer.Id))!;
            (customer.TimeZoneId, customer.Phone) = (zone, phone);
            await db.SaveChangesAsync();
        }

        var theirs = TimeZoneInfo.FindSystemTimeZoneById(zone ?? "America/Chicago");
        // An ordinary Wednesday, then the spring-forward and fall-back Sundays of 2027 (the clock only moves forward).
        DateOnly[] days = [new(2026, 11, 25), new(2027, 3, 14), new(2027, 11, 7)];
        foreach (var day in days)
        {
            var instants = new[] { new TimeOnly(8, 0), new TimeOnly(21, 0) }
                .Select(edge => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(edge), theirs))
                .SelectMany(edge => new[] { edge.AddMinutes(-1), edge })
                .ToList();
            var results = instants.ToDictionary(at => at, _ => new List<(string Name, bool Open)>());

            // Texts for later, written the evening before: a person's is refused outside the window until confirmed; a
            // manager's goes with nobody at the keyboard and is held to the window's opening.
            h.Clock.SetUtcNow(instants[0].AddHours(-12));
            foreach (var at in instants)
            {
                results[at].Add(("send later", await GoesAsync(() => h.QueueAsync("See you then", sendAt: at))));
                results[at].Add(("manager's scheduled text", (await h.QueueAsync("Your appointment is tomorrow", sendAt: at, automated: true)).SendAt == at));
            }

            foreach (var at in instants)
            {
                h.Clock.SetUtcNow(at);
                results[at].AddRange(await NowPathsAsync(at));
                var local = TimeZoneInfo.ConvertTimeFromUtc(at, theirs);
                var open = local.Hour is >= 8 and < 21;
                Assert.True(results[at].All(p => p.Open == open),
                    $"{at:u} ({local:t} for the customer, {zone ?? "zone unknown"}): expected {(open ? "open" : "closed")}, got {string.Join(", ", results[at].Select(p => $"{p.Name} {(p.Open ? "open" : "closed")}"))}");
            }
        }
    }

    /// <summary>Asks each path that sends at once whether the text goes now.</summary>
    private async Task<List<(string Name, bool Open)>> NowPathsAsync(DateTime at)
    {
        var results = new List<(string, bool)>
        {
            ("composer", await GoesAsync(() => h.QueueAsync("Yes, it is in stock"))),
        };
        var api = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Your car is ready", Automated: true, AuthorType: AuthorType.Api), h.Actor);
        results.Add(("API", api.SendAt is null));
        results.Add(("retry due now", await h.Dispatcher.DispatchAsync(await RetryDueAsync(at)) != DispatchOutcome.Rescheduled));
        await using var db = h.Database.CreateDbContext();
        var department = await db.Departments.SingleAsync(d => d.Id == h.Department.Id);
        var customer = await db.Customers.SingleAsync(c => c.Id == h.Customer.Id);
        results.Add(("campaign", RecipientGate.RecipientWindowOpening(at, department, customer, campaign: true) == at));
        return results;
    }

    private static async Task<bool> GoesAsync(Func<Task<Message>> send)
    {
        try
        {
            await send();
            return true;
        }
        catch (OutsideSendingHoursException)
        {
            return false;
        }
    }

    /// <summary>An automated text whose first attempt failed and whose retry is due at <paramref name="at"/>.</summary>
    private async Task<Guid> RetryDueAsync(DateTime at)
    {
        await using var db = h.Database.CreateDbContext();
        var message = Message.Create(h.Thread.Id, MessageDirection.Outbound, MessageKind.Text, "Reminder: service at 9", MessageStatus.Draft, at.AddMinutes(-5));
        message.IsAutomated = true;
        message.ProviderAccountId = h.Account.Id;
        message.MoveTo(MessageStatus.Queued, at.AddMinutes(-5));
        message.MoveTo(MessageStatus.Sending, at.AddMinutes(-5));
        message.MoveTo(MessageStatus.Retrying, at.AddMinutes(-4));
        message.NextAttemptAt = at;
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }
}

using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Core.Templates;
using Portal.Core.Threads;

namespace Portal.Web.Components.Pages.Inbox;

public partial class MessageComposer
{
    private enum ComposerMode { Text, Note }

    private ComposerMode mode = ComposerMode.Text;
    private string? text;
    private string? error;
    private bool busy;
    private bool scheduling;
    private DateTime? scheduleDate;
    private TimeSpan? scheduleTime;
    private Guid? templateId;
    private string draftKey = Guid.NewGuid().ToString("N");
    private bool addingLink;
    private string? link;
    private readonly List<Attachment> attachments = [];
    private IReadOnlyList<TemplateOption> templates = [];

    [Parameter, EditorRequired]
    public ThreadDetail Detail { get; set; } = default!;

    [Parameter, EditorRequired]
    public DepartmentScope Scope { get; set; } = default!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter]
    public EventCallback OnChanged { get; set; }

    /// <summary>This screen in the conversation's presence (see ThreadPresence); typing goes out under it.</summary>
    [Parameter]
    public string SessionId { get; set; } = "";

    [Parameter]
    public EventCallback OnTakeOver { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    protected override async Task OnInitializedAsync() => templates = await Templates.ListForDepartmentAsync(Detail.Department.Id);

    /// <summary>
    /// A live message gives the thread a new list of messages but the same thread, customer and department: the
    /// composer, which shows none of the messages, then keeps its output. Its own events render it as usual.
    /// </summary>
    private (ConversationThread?, Customer?, Department?, ThreadRoute?, DepartmentScope?, Actor?) renderedFor;
    private bool sameInputs;

    protected override void OnParametersSet()
    {
        // Entities compare by reference, the route and the actor (records) by value.
        (ConversationThread?, Customer?, Department?, ThreadRoute?, DepartmentScope?, Actor?) current = (Detail.Thread, Detail.Customer, Detail.Department, Detail.Route, Scope, Actor);
        sameInputs = current.Equals(renderedFor);
        renderedFor = current;
    }

    protected override bool ShouldRender()
    {
        if (sameInputs)
        {
            sameInputs = false;
            return false;
        }

        return true;
    }

    /// <summary>A conversation opened to write in: the cursor goes to the composer, and a first text from "New conversation" is sent.</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (draftRestoredFor != Detail.Thread.Id)
        {
            draftRestoredFor = Detail.Thread.Id;
            await RestoreDraftAsync();
        }

        if (!Handoff.TryTake(Detail.Thread.Id, out var firstText))
        {
            return;
        }

        try
        {
            await JS.InvokeAsync<bool>("portalComposer.focus");
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException)
        {
        }

        if (firstText is not null)
        {
            text = firstText;
            await SendNowAsync();
            StateHasChanged();
        }
    }

    private void SetMode(ComposerMode value)
    {
        mode = value;
        error = null;
    }

    private void UseTemplate(TemplateOption template)
    {
        try
        {
            // In a reply the rep is whoever is writing it.
            text = Templates.RenderFor(template.Body, Detail, Actor.Name, senderIsRep: true);
            templateId = template.Id;
            error = null;
        }
        catch (ValidationException e)
        {
            error = string.Join(" ", e.Errors.Values.SelectMany(v => v));
        }
    }

    private async Task UploadAsync(IReadOnlyList<IBrowserFile>? files)
    {
        foreach (var file in files ?? [])
        {
            try
            {
                await using var stream = file.OpenReadStream(IMediaStore.MaxBytes);
                attachments.Add(await Media.SaveAsync(stream, file.ContentType, file.Name));
            }
            catch (ValidationException e)
            {
                Snackbar.Add(string.Join(" ", e.Errors.Values.SelectMany(v => v)), Severity.Error);
            }
            catch (IOException)
            {
                Snackbar.Add($"{file.Name} is larger than 5 MB, the most carriers accept.", Severity.Error);
            }
        }
    }

    private void AddLink()
    {
        if (!Uri.TryCreate(link?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            error = "Attach an https:// address.";
            return;
        }

        attachments.Add(new Attachment(uri.ToString(), null, Path.GetFileName(uri.AbsolutePath)));
        link = null;
        addingLink = false;
        error = null;
    }

    private void OpenSchedule()
    {
        var local = DepartmentTimeZone.ToLocal(Clock.GetUtcNow().UtcDateTime.AddHours(1), Detail.Department.TimeZoneId);
        scheduleDate ??= local.Date;
        scheduleTime ??= new TimeSpan(local.Hour, 0, 0);
        scheduling = true;
    }

    private Task SendNowAsync() => SendAsync(null, confirmed: false);

    private async Task ScheduleAsync()
    {
        if (scheduleDate is not { } date || scheduleTime is not { } time)
        {
            error = "Pick a date and a time.";
            return;
        }

        if (!DepartmentTimeZone.TryToUtc(date.Date + time, Detail.Department.TimeZoneId, out var utc))
        {
            error = DepartmentTimeZone.SkippedTime;
            return;
        }

        await SendAsync(utc, confirmed: false);
    }

    private async Task SendAsync(DateTime? sendAtUtc, bool confirmed)
    {
        if (busy && !confirmed)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(text) && attachments.Count == 0)
        {
            error = "Write a message or attach a file.";
            return;
        }

        if (!confirmed && sendAtUtc is null && Collision() is { } collision)
        {
            var anyway = await Dialogs.ShowMessageBoxAsync("Someone else is answering", $"{collision} Send yours anyway?", yesText: "Send anyway", cancelText: "Don't send");
            if (anyway != true)
            {
                return;
            }
        }

        busy = true;
        error = null;
        try
        {
            // A manager's scheduled message goes out with nobody at the keyboard: it keeps to the sending hours.
            var automated = sendAtUtc is not null && Authentication is not null
                && (await Authentication).User is var user && (user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Admin));
            var window = RecipientWindow.For(Detail.Department, Detail.Customer);
            if (automated && !confirmed && sendAtUtc is { } requested && window.NextOpening(requested) is var opening && opening > requested)
            {
                // Say the time it will really go before it is scheduled, not after: the customer's time, and ours.
                busy = false;
                var schedule = await Dialogs.ShowMessageBoxAsync(
                    "Outside sending hours",
                    $"{Detail.Department.Name} sends scheduled texts only during its sending hours in the customer's own time. " +
                    $"{window.Explain(requested, RecipientWindow.NameOf(Detail.Customer), Detail.Department.TimeZone, isNow: false)} " +
                    $"It would go out {TimeFormat.Full(opening, Detail.Department.TimeZoneId)} ({window.LocalTime(opening)} for them).",
                    yesText: $"Schedule for their {window.LocalTime(opening)}", cancelText: "Pick another time");
                if (schedule == true)
                {
                    await SendAsync(opening, confirmed: true);
                }

                return;
            }

            var queued = await Outbound.QueueAsync(Scope, Detail.Thread.Id, new ComposeRequest(text ?? "", [.. attachments], templateId, sendAtUtc, Automated: automated, ConfirmOutsideSendingHours: confirmed,
                IdempotencyKey: $"compose:{draftKey}"), Actor);
            // The time it will really go out, as stored (a scheduled text can be held to the sending hours).
            // A text sent now shows its own progress under its bubble; only a scheduled one needs saying when it goes.
            if (queued.SendAt is { } goes)
            {
                Snackbar.Add($"Scheduled for {TimeFormat.Full(goes, Detail.Department.TimeZoneId)}", Severity.Success);
            }
            Reset();
            await ReadOptOutFactsAsync();
            await OnChanged.InvokeAsync();
        }
        catch (OutsideSendingHoursException e)
        {
            busy = false;
            var confirm = await Dialogs.ShowMessageBoxAsync(
                "Outside sending hours",
                $"{e.Message} Send anyway, or schedule it for their {e.NextWindowForCustomer} ({TimeFormat.Full(e.NextWindowUtc, Detail.Department.TimeZoneId)} here)?",
                yesText: "Send anyway", noText: $"Schedule for their {e.NextWindowForCustomer}", cancelText: "Cancel");
            if (confirm == true)
            {
                await SendAsync(sendAtUtc, confirmed: true);
            }
            else if (confirm == false)
            {
                await SendAsync(e.NextWindowUtc, confirmed: false);
            }
        }
        catch (ValidationException e)
        {
            error = string.Join(" ", e.Errors.Values.SelectMany(v => v));
        }
        catch (DomainException e)
        {
            error = e.Message;
        }
        finally
        {
            busy = false;
        }
    }

    private async Task AddNoteAsync()
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Write something first.";
            return;
        }

        busy = true;
        try
        {
            var note = await Threads.AddNoteAsync(Scope, Detail.Thread.Id, text, Actor);
            if (note.Metadata.TryGetValue("mentionedAway", out var away))
            {
                Snackbar.Add($"{away} {(away.Contains(',') ? "are" : "is")} away and will see the mention when back.", Severity.Info);
            }

            Reset();
            await OnChanged.InvokeAsync();
        }
        catch (DomainException e)
        {
            error = e is ValidationException v ? string.Join(" ", v.Errors.Values.SelectMany(x => x)) : e.Message;
        }
        finally
        {
            busy = false;
        }
    }

    private void Reset()
    {
        _ = ForgetDraftAsync();
        draftKey = Guid.NewGuid().ToString("N");
        text = null;
        error = null;
        templateId = null;
        draftStartedAt = null;
        scheduling = false;
        attachments.Clear();
    }

    /// <summary>Today where the department is: days before it cannot be picked.</summary>
    private DateTime DepartmentToday => DepartmentTimeZone.ToLocal(Clock.GetUtcNow().UtcDateTime, Detail.Department.TimeZoneId).Date;
}

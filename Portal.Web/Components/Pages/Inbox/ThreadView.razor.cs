using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Core.Threads;

namespace Portal.Web.Components.Pages.Inbox;

public partial class ThreadView
{
    private List<Message> history = [];
    private List<Message> scheduled = [];
    private DateTime now;
    private bool busy;
    private bool simulating;
    private string? simulatedReply;
    private Guid? rescheduling;
    private DateTime? rescheduleDate;
    private TimeSpan? rescheduleTime;

    /// <summary>This screen, as the others in the conversation see it (ThreadPresence, the composer's typing).</summary>
    private readonly string sessionId = Guid.NewGuid().ToString("N");

    [Parameter, EditorRequired]
    public ThreadDetail Detail { get; set; } = default!;

    [Parameter, EditorRequired]
    public DepartmentScope Scope { get; set; } = default!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter]
    public EventCallback OnChanged { get; set; }

    /// <summary>Where the customer panel folds away (laptops, phones), whether this user keeps it shown; remembered in their browser.</summary>
    private bool showCustomer;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && await JS.GetPaneAsync(Scope.UserId, "customer") == "shown")
        {
            showCustomer = true;
            StateHasChanged();
        }
    }

    private async Task ShowCustomerAsync(bool shown)
    {
        showCustomer = shown;
        await JS.SetPaneAsync(Scope.UserId, "customer", shown ? "shown" : "folded");
    }

    /// <summary>The search the thread was opened from: messages with every word of it are highlighted.</summary>
    [Parameter]
    public string? Highlight { get; set; }

    private bool Matches(Message message) =>
        !string.IsNullOrWhiteSpace(Highlight) && message.Kind is MessageKind.Text or MessageKind.Note
        && SearchWords.AllIn(Highlight, message.Body);

    protected override void OnParametersSet()
    {
        now = Clock.GetUtcNow().UtcDateTime;
        scheduled = Detail.Messages.Where(m => m.Status == MessageStatus.Scheduled).OrderBy(m => m.SendAt).ToList();
        history = Detail.Messages.Where(m => m.Status != MessageStatus.Scheduled).ToList();
    }

    private string AssigneeName(Guid? id) =>
        id is null ? "Unassigned" : Detail.Assignable.FirstOrDefault(u => u.Id == id)?.Name ?? Detail.AssigneeName ?? "Someone else";

    private Task AssignAsync(Guid? assigneeId) => RunAsync(() => Threads.AssignAsync(Scope, Detail.Thread.Id, assigneeId, Actor), "Assignment changed");

    /// <summary>One click to make a colleague's conversation this user's, recorded as a takeover.</summary>
    private Task TakeOverAsync() => RunAsync(() => Threads.AssignAsync(Scope, Detail.Thread.Id, Actor.UserId, Actor), "You have this conversation now");

    private Task CloseAsync() => RunAsync(() => Threads.CloseAsync(Scope, Detail.Thread.Id, Actor), "Conversation closed");

    private Task ReopenAsync() => RunAsync(() => Threads.ReopenAsync(Scope, Detail.Thread.Id, Actor), "Conversation reopened");

    private Task SnoozeAsync(DateTime untilUtc) =>
        RunAsync(() => Threads.SnoozeAsync(Scope, Detail.Thread.Id, untilUtc, Actor), $"Snoozed until {TimeFormat.Full(untilUtc, Detail.Department.TimeZoneId)}; a reply from the customer wakes it sooner");

    /// <summary>8:00 tomorrow where the department is.</summary>
    private DateTime TomorrowMorning()
    {
        var zone = DepartmentTimeZone.Find(Detail.Department.TimeZoneId);
        var tomorrow = DepartmentTimeZone.ToLocal(now, Detail.Department.TimeZoneId).Date.AddDays(1).AddHours(8);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(tomorrow, DateTimeKind.Unspecified), zone);
    }

    private Task CancelAsync(Message message) => RunAsync(() => Outbound.CancelAsync(Scope, message.Id, Actor), "Scheduled message canceled");

    private void StartReschedule(Message message)
    {
        var local = DepartmentTimeZone.ToLocal(message.SendAt ?? now, Detail.Department.TimeZoneId);
        rescheduleDate = local.Date;
        rescheduleTime = local.TimeOfDay;
        rescheduling = message.Id;
    }

    private async Task RescheduleAsync(Message message)
    {
        if (rescheduleDate is not { } date || rescheduleTime is not { } time)
        {
            return;
        }

        if (!DepartmentTimeZone.TryToUtc(date.Date + time, Detail.Department.TimeZoneId, out var utc))
        {
            Snackbar.Add(DepartmentTimeZone.SkippedTime, Severity.Warning);
            return;
        }

        await RunAsync(() => Outbound.RescheduleAsync(Scope, message.Id, utc), "Scheduled message moved");
        rescheduling = null;
    }

    private Task SendAgainAsync(Message message) =>
        RunAsync(() => Outbound.QueueAsync(Scope, Detail.Thread.Id, new ComposeRequest(message.Body, message.Attachments, message.TemplateId, ConfirmOutsideSendingHours: true, IdempotencyKey: $"resend:{message.Id}"), Actor), "Sent again");

    private async Task SimulateReplyAsync()
    {
        if (Detail.Route is not { IsSimulated: true } route || string.IsNullOrWhiteSpace(simulatedReply) || Detail.Customer.Phone is null)
        {
            return;
        }

        var reply = new InboundText(route.AccountId, $"SIMIN{Guid.NewGuid():N}", Detail.Customer.Phone, route.FromNumber ?? "", simulatedReply.Trim(), [], Clock.GetUtcNow().UtcDateTime);
        await RunAsync(() => Inbound.ReceiveAsync(reply), null);
        simulatedReply = null;
    }

    private async Task RunAsync(Func<Task> action, string? done)
    {
        busy = true;
        try
        {
            if (await base.RunAsync(action))
            {
                if (done is not null)
                {
                    Snackbar.Add(done, Severity.Success);
                }

                await OnChanged.InvokeAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>The customer's time when their clock is not the department's ("6:02 AM in Honolulu for them"): seen before typing.</summary>
    private string? CustomerClock()
    {
        var window = Portal.Core.Sending.RecipientWindow.For(Detail.Department.SendingHours, Detail.Customer.TimeZoneId, Detail.Customer.Phone, Detail.Department.TimeZone);
        var at = Clock.GetUtcNow().UtcDateTime;
        var ours = TimeZoneInfo.ConvertTimeFromUtc(at, Detail.Department.TimeZone);
        return window.Source == Portal.Core.Sending.RecipientZoneSource.Department
            || window.Zones.All(zone => TimeZoneInfo.ConvertTimeFromUtc(at, zone).TimeOfDay == ours.TimeOfDay)
            ? null
            : $"{window.LocalTime(at)} for them";
    }
}

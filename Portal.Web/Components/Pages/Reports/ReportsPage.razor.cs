using Portal.Core.Departments;
using Portal.Core.Realtime;
using Portal.Core.Reports;

namespace Portal.Web.Components.Pages.Reports;

/// <summary>
/// Managers' reports for their departments (admins: every department). "Waiting now" stays true as texts arrive and
/// staff answer: any change in a department shown is read again, once for a burst, and the waits count up each minute.
/// </summary>
public partial class ReportsPage
{
    private const int Listed = 50;

    private static readonly (ReportPeriod Value, string Label)[] Periods =
        [(ReportPeriod.Today, "Today"), (ReportPeriod.Last7Days, "Last 7 days"), (ReportPeriod.Last30Days, "Last 30 days"), (ReportPeriod.Custom, "Custom dates")];

    [Inject] private IReports Reports { get; set; } = default!;
    [Inject] private IResponsivenessReport ResponseTimes { get; set; } = default!;
    [Inject] private IActivityReports Activity { get; set; } = default!;
    [Inject] private IDepartmentAdministration DepartmentAdmin { get; set; } = default!;
    [Inject] private UserContext UserContext { get; set; } = default!;
    [Inject] private IConversationEventSource Events { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private DepartmentScope scope = DepartmentScope.Nobody;
    private IReadOnlyList<DepartmentSummary> departments = [];
    private Guid? departmentId;
    private WaitingNow? waiting;
    private Responsiveness? responsiveness;
    private Volume? volume;
    private Delivery? delivery;
    private IReadOnlyList<CampaignOutcome>? campaigns;
    private ConsentReport? consent;
    private DateOnly? from;
    private DateOnly? to;
    private string? rangeError;
    private ReportPeriod period = ReportPeriod.Last7Days;
    private Guid? userId;
    private IReadOnlyList<ResponsivenessRow> people = [];
    private string timeZoneId = "UTC";
    private IDisposable? subscription;
    private ITimer? minuteTicker;
    private int reloadScheduled;
    private bool disposed;

    protected override async Task OnInitializedAsync()
    {
        scope = await UserContext.GetCurrentScopeAsync();
        departments = [.. (await DepartmentAdmin.ListAsync()).Where(d => scope.Allows(d.Id))];
        timeZoneId = (await DepartmentAdmin.GetDealershipTimeZoneAsync()).TimeZoneId;
        if (departments.Count == 1)
        {
            departmentId = departments[0].Id;
        }

        await LoadAsync();
        await LoadRangeAsync();
        if (RendererInfo.IsInteractive && !disposed)
        {
            subscription = Events.Subscribe(OnEvent);
            minuteTicker = Clock.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    private async Task LoadAsync() =>
        waiting = await Reports.WaitingNowAsync(scope, new ReportFilter { DepartmentId = departmentId, UserId = userId }, Listed);

    /// <summary>Every report of the range; the people to choose from are those who answered in it. A custom range waits for valid dates.</summary>
    private async Task LoadRangeAsync()
    {
        var zone = DepartmentTimeZone.Find(timeZoneId);
        ReportRange range;
        try
        {
            range = ReportRange.Resolve(period, from, to, zone, Clock.GetUtcNow().UtcDateTime);
            rangeError = null;
        }
        catch (ValidationException e)
        {
            rangeError = e.Errors.Values.SelectMany(m => m).First();
            return;
        }

        // The five reports at once, each on its own connection.
        var filter = new ReportFilter { DepartmentId = departmentId, UserId = userId };
        var responsivenessTask = ResponseTimes.GetAsync(scope, filter, range);
        var volumeTask = Activity.VolumeAsync(scope, filter, range);
        var deliveryTask = Activity.DeliveryAsync(scope, filter, range);
        var campaignsTask = Activity.CampaignsAsync(scope, filter, range);
        var consentTask = Activity.ConsentAsync(scope, filter, range);
        await Task.WhenAll(responsivenessTask, volumeTask, deliveryTask, campaignsTask, consentTask);
        (responsiveness, volume, delivery, campaigns, consent) = (responsivenessTask.Result, volumeTask.Result, deliveryTask.Result, campaignsTask.Result, consentTask.Result);
        if (userId is null)
        {
            people = [.. responsiveness.ByUser.Where(u => u.Id is not null).OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase)];
        }
    }

    private Task OnEvent(ConversationEvent e)
    {
        if (disposed || !scope.Allows(e.DepartmentId) || (departmentId is { } shown && e.DepartmentId != shown)
            || e.Kind is not (ConversationEventKind.MessageAdded or ConversationEventKind.ThreadUpdated))
        {
            return Task.CompletedTask;
        }

        _ = InvokeAsync(ReloadSoonAsync);
        return Task.CompletedTask;
    }

    private async Task ReloadSoonAsync()
    {
        if (Interlocked.Exchange(ref reloadScheduled, 1) == 1)
        {
            return;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300), Clock);
        Interlocked.Exchange(ref reloadScheduled, 0);
        if (disposed)
        {
            return;
        }

        await LoadAsync();
        StateHasChanged();
    }

    private async Task OnDepartmentSelected(ChangeEventArgs e)
    {
        departmentId = Guid.TryParse(e.Value?.ToString(), out var id) ? id : null;
        userId = null;
        await LoadAsync();
        await LoadRangeAsync();
    }

    private async Task OnPeriodSelected(ChangeEventArgs e)
    {
        period = Enum.TryParse<ReportPeriod>(e.Value?.ToString(), out var chosen) ? chosen : ReportPeriod.Last7Days;
        if (period == ReportPeriod.Custom && from is null)
        {
            // Start from the last 30 days, which the reader then moves.
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Clock.GetUtcNow().UtcDateTime, DepartmentTimeZone.Find(timeZoneId)));
            (from, to) = (today.AddDays(-29), today);
        }

        await LoadRangeAsync();
    }

    private async Task OnFromChanged(ChangeEventArgs e)
    {
        from = DateOnly.TryParse(e.Value?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var day) ? day : null;
        await LoadRangeAsync();
    }

    private async Task OnToChanged(ChangeEventArgs e)
    {
        to = DateOnly.TryParse(e.Value?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var day) ? day : null;
        await LoadRangeAsync();
    }

    private async Task OnPersonSelected(ChangeEventArgs e)
    {
        userId = Guid.TryParse(e.Value?.ToString(), out var id) ? id : null;
        await LoadAsync();
        await LoadRangeAsync();
    }

    /// <summary>The table's CSV for the same filters.</summary>
    private string CsvUrl(string table)
    {
        var query = new List<string> { $"period={period}" };
        if (period == ReportPeriod.Custom)
        {
            query.Add($"from={from:yyyy-MM-dd}");
            query.Add($"to={to:yyyy-MM-dd}");
        }

        if (departmentId is { } department)
        {
            query.Add($"department={department}");
        }

        if (userId is { } person)
        {
            query.Add($"person={person}");
        }

        return $"/reports/{table}.csv?{string.Join('&', query)}";
    }

    private string Waited(DateTime since) => Duration(Clock.GetUtcNow().UtcDateTime - since);

    /// <summary>Waits past an hour are shown as overdue-looking, whatever the department's own limit.</summary>
    private bool Overdue(DateTime? since) => since is { } at && Clock.GetUtcNow().UtcDateTime - at >= TimeSpan.FromHours(1);

    internal static string Duration(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "under a minute",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min",
        { TotalDays: < 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };

    public void Dispose()
    {
        disposed = true;
        subscription?.Dispose();
        minuteTicker?.Dispose();
    }
}

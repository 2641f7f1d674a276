using Portal.Core.Threads;

namespace Portal.Web.Components.Pages.Inbox;

public partial class InboxThreadList
{
    public const int PageSize = 50;

    private PagedResult<ThreadListItem>? result;
    private ThreadRows? rows;
    private int page = 1;
    private string? search;

    private bool searchShown;
    private DateTime now;

    [Parameter, EditorRequired]
    public DepartmentScope Scope { get; set; } = DepartmentScope.Nobody;

    [Parameter]
    public InboxFilter Filter { get; set; } = new();

    [Parameter]
    public EventCallback<InboxFilter> FilterChanged { get; set; }

    [Parameter]
    public Guid? SelectedThreadId { get; set; }

    /// <summary>The page's own controls, shown first in the filter row.</summary>
    [Parameter]
    public RenderFragment? Tools { get; set; }

    /// <summary>The user's departments, for the compact department filter shown on narrow screens.</summary>
    [Parameter]
    public IReadOnlyList<DepartmentInboxCount> Departments { get; set; } = [];


    private bool alerts;

    /// <summary>Whether this browser asked for a tone and a desktop notification on new texts.</summary>
    public bool AlertsOn => alerts;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && await CallAsync("portalAlerts.enabled") && !alerts)
        {
            alerts = true;
            StateHasChanged();
        }
    }

    private async Task OnAlertsChanged(bool on) => alerts = await CallAsync(on ? "portalAlerts.enable" : "portalAlerts.disable");

    private async Task<bool> CallAsync(string function)
    {
        try
        {
            return await JS.InvokeAsync<bool>(function);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Bumped by the page to ask for a reload (after a change to a thread).</summary>
    [Parameter]
    public int Version { get; set; }

    private InboxFilter? loadedFilter;
    private int loadedVersion = -1;

    protected override async Task OnParametersSetAsync()
    {
        if (loadedFilter != Filter || loadedVersion != Version)
        {
            if (loadedFilter != Filter)
            {
                page = 1;
            }

            if (!searchShown)
            {
                // The search the page opened with (from its address). After that the box is the only source of searches,
                // and a filter coming back from the page, or a reload, must not undo what was typed since.
                search = Filter.Search;
                searchShown = true;
            }

            await LoadAsync();
        }
    }

    /// <summary>Patches the shown rows from a live event; null while the first load is still running.</summary>
    public InboxPatches.ListChange? Apply(Portal.Core.Realtime.ConversationEvent e, bool viewing)
    {
        if (result is null)
        {
            return null;
        }

        var change = InboxPatches.ApplyToList(result, Filter.Shown, Scope.UserId, e, viewing, Departments, departed);
        result = change.Result;
        now = Clock.GetUtcNow().UtcDateTime;
        // Only the rows render again: the filters above them have not changed.
        rows?.Show(result, now);
        if (change.Removed is { } removed)
        {
            departed[removed.Id] = removed;
        }
        else if (e.Thread is { } thread)
        {
            departed.Remove(thread.Id);
        }

        return change;
    }

    /// <summary>
    /// This user read the conversation in another tab: its row is no longer bold. True when it was unread here (the
    /// page takes it off its counts), false when it was read already, null when this list cannot tell.
    /// </summary>
    public bool? MarkReadElsewhere(Guid threadId)
    {
        if (result is null || Filter.UnreadOnly || result.Items.FirstOrDefault(t => t.Id == threadId) is not { Status: ThreadStatus.Open } row)
        {
            return null;
        }

        if (row.UnreadCount == 0)
        {
            return false;
        }

        result = result with { Items = [.. result.Items.Select(t => t.Id == threadId ? t with { UnreadCount = 0 } : t)] };
        rows?.Show(result, now);
        return true;
    }

    /// <summary>Rows live events took off the list since it was loaded, so a later event for them can still be applied exactly.</summary>
    private readonly Dictionary<Guid, ThreadListItem> departed = [];

    public async Task LoadAsync()
    {
        departed.Clear();
        loadedFilter = Filter;
        loadedVersion = Version;
        now = Clock.GetUtcNow().UtcDateTime;
        result = await Inbox.GetThreadsAsync(Scope, Filter.Shown, page, PageSize);
        labels = await Labels.ListAsync(Scope);
    }

    /// <summary>The labels of the user's departments, for the filter.</summary>
    private IReadOnlyList<Portal.Core.Labels.LabelView> labels = [];

    private Task OnLabelSelected(ChangeEventArgs e) =>
        ChangeFilterAsync(Filter with { LabelId = Guid.TryParse(e.Value as string, out var id) ? id : null });

    private CancellationTokenSource? typing;

    /// <summary>Searches once the user pauses typing (300 ms), not on every key.</summary>
    private async Task OnSearchInput(ChangeEventArgs e)
    {
        search = e.Value as string;
        typing?.Cancel();
        typing = new CancellationTokenSource();
        var token = typing.Token;
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), Clock, token);
        }
        catch (TaskCanceledException)
        {
            return;
        }

        var value = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        if (value != Filter.Search)
        {
            await ChangeFilterAsync(Filter with { Search = value });
        }
    }

    private Task OnStatusSelected(ChangeEventArgs e) =>
        ChangeFilterAsync(Filter with { Status = Enum.TryParse<ThreadStatus>(e.Value as string, out var status) ? status : null });

    private Task OnDepartmentSelected(ChangeEventArgs e) =>
        ChangeFilterAsync(Filter with { DepartmentId = Guid.TryParse(e.Value as string, out var id) ? id : null });

    private Task OnAssignedToMeChanged(bool value) => ChangeFilterAsync(Filter with { AssignedToMe = value });

    private Task OnUnreadChanged(bool value) => ChangeFilterAsync(Filter with { UnreadOnly = value });

    private Task OnOverdueChanged(bool value) => ChangeFilterAsync(Filter with { OverdueOnly = value });

    private async Task ChangeFilterAsync(InboxFilter filter)
    {
        Filter = filter;
        page = 1;
        await LoadAsync();
        await FilterChanged.InvokeAsync(filter);
    }

    private async Task OnPageChanged(int selected)
    {
        page = selected;
        await LoadAsync();
    }


    public void Dispose() => typing?.Cancel();
}

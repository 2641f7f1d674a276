using Portal.Core.Messages;
using Portal.Core.Threads;

namespace Portal.Web.Components.Pages.Inbox;

public partial class InboxPage
{
    private DepartmentScope? scope;
    private Actor? actor;
    private IReadOnlyList<DepartmentInboxCount> counts = [];
    private InboxFilter filter = new();
    private ThreadDetail? detail;
    private bool forbidden;
    private int version;

    [Parameter]
    public Guid? ThreadId { get; set; }

    /// <summary>A search carried in the address, so a search can be bookmarked or shared.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Query { get; set; }

    private IDisposable? subscription;
    private bool disposed;
    private InboxThreadList? list;

    private readonly InboxLiveState live = new(Guid.NewGuid());

    protected override async Task OnInitializedAsync()
    {
        filter = filter with { Search = string.IsNullOrWhiteSpace(Query) ? null : Query.Trim() };
        scope = await UserContext.GetScopeAsync();
        actor = (await UserContext.GetActorAsync()) with { Origin = live.Origin };
        counts = await Inbox.GetDepartmentCountsAsync(scope);
        if (RendererInfo.IsInteractive && !disposed)
        {
            subscription = Events.Subscribe(OnConversationEventAsync);
            Tally.KeptByInbox = true;
        }
    }

    /// <summary>
    /// Raised on a job or webhook thread. The work is handed to the thread pool at once: the notifier calls every open
    /// page in turn, and a circuit that is idle would otherwise run this page's render on the publisher's thread.
    /// </summary>
    private Task OnConversationEventAsync(Portal.Core.Realtime.ConversationEvent e)
    {
        if (e.Kind == Portal.Core.Realtime.ConversationEventKind.AccessChanged)
        {
            if (scope is not null && e.UserId == scope.UserId)
            {
                _ = InvokeAsync(RefreshAccessAsync);
            }

            return Task.CompletedTask;
        }

        if (!live.Concerns(e, scope))
        {
            return Task.CompletedTask;
        }

        var received = System.Diagnostics.Stopwatch.GetTimestamp();
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Page.InvokeAsync(() => state.Page.ApplyAsync(state.Event, state.Received)), (Page: this, Event: e, Received: received), preferLocal: false);
        return Task.CompletedTask;
    }

    /// <summary>Shows the change from the event itself; what it cannot derive is read again shortly after, once for a burst.</summary>
    private async Task ApplyAsync(Portal.Core.Realtime.ConversationEvent e, long received)
    {
        if (disposed || scope is null)
        {
            return;
        }

        try
        {
            if (e.Kind == Portal.Core.Realtime.ConversationEventKind.ReadByUser)
            {
                // Patched where the list shows the row (no query, however many tabs the user has open); read again otherwise.
                switch (list?.MarkReadElsewhere(e.ThreadId))
                {
                    case true:
                        counts = [.. counts.Select(c => c.DepartmentId == e.DepartmentId ? c with { UnreadThreads = Math.Max(0, c.UnreadThreads - 1) } : c)];
                        StateHasChanged();
                        break;
                    case false:
                        break;
                    default:
                        live.ReadElsewhere();
                        if (live.ShouldScheduleRefresh())
                        {
                            _ = RefreshLaterAsync();
                        }

                        break;
                }

                return;
            }

            var viewing = InboxLiveState.IsAbout(e, detail);
            var pageChanged = false;
            if (viewing)
            {
                detail = live.PatchThread(detail!, e, out pageChanged);
                if (e.Kind == Portal.Core.Realtime.ConversationEventKind.MessageAdded && e.Direction == MessageDirection.Inbound)
                {
                    _ = ReadMarks.MarkReadAsync(scope.UserId, e.ThreadId, Clock.GetUtcNow().UtcDateTime);
                }
            }

            // The list renders its own rows; this page renders again only when what it shows itself changed.
            counts = live.PatchCounts(counts, list?.Apply(e, viewing), e, out var countsChanged);
            if (pageChanged || countsChanged)
            {
                StateHasChanged();
            }

            InboxLog.Applied(Logger, System.Diagnostics.Stopwatch.GetElapsedTime(received).TotalMilliseconds);

            if (e.Kind == Portal.Core.Realtime.ConversationEventKind.MessageAdded && e.Direction == MessageDirection.Inbound && !viewing)
            {
                var from = e.Message?.Customer.Name is { Length: > 0 } name ? $" from {name}" : "";
                if (ThreadId is not null)
                {
                    // Reading another conversation (on a phone the list is out of sight): say who wrote, with a way there.
                    var department = counts.FirstOrDefault(c => c.DepartmentId == e.DepartmentId)?.Name;
                    Snackbar.Add($"New message{from}{(department is null ? "" : $" in {department}")}", Severity.Info, options =>
                    {
                        options.Action = "Open";
                        options.OnClick = _ => { Navigation.NavigateTo($"/threads/{e.ThreadId}"); return Task.CompletedTask; };
                    });
                }

                if (list?.AlertsOn == true)
                {
                    await JS.AnnounceAsync($"New message{from}", e.Message?.Body ?? "", $"/threads/{e.ThreadId}");
                }
            }

            if (Layout.AttentionSignals.AssignedByColleague(e, scope.UserId) is not null)
            {
                // Given to this user by a colleague, which makes it unread for them: which rows are bold, and the counts, are read again.
                live.ReadElsewhere();
            }

            if (live.ShouldScheduleRefresh())
            {
                _ = RefreshLaterAsync();
            }
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    /// <summary>What live events left this page unsure of, read again after a short, jittered pause so open pages do not all query at once.</summary>
    private async Task RefreshLaterAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(250 + Random.Shared.Next(500)), Clock);
        await InvokeAsync(async () =>
        {
            var (thread, listStale, countsStale) = live.TakeStale();
            if (disposed || scope is null)
            {
                return;
            }

            InboxLog.Rereads(Logger, thread, listStale, countsStale);

            try
            {
                if (thread && detail is not null && (await Threads.GetAsync(scope, detail.Thread.Id)).Value is { } fresh && fresh.Thread.Id == ThreadId)
                {
                    detail = fresh;
                }

                if (countsStale)
                {
                    counts = await Inbox.GetDepartmentCountsAsync(scope);
                }

                if (listStale && list is not null)
                {
                    await list.LoadAsync();
                }

                StateHasChanged();
            }
            catch (Exception exception)
            {
                await DispatchExceptionAsync(exception);
            }
        });
    }

    public void Dispose()
    {
        disposed = true;
        subscription?.Dispose();
        Tally.KeptByInbox = false;
    }

    protected override async Task OnParametersSetAsync()
    {
        forbidden = false;
        detail = null;
        if (ThreadId is not { } threadId || scope is null)
        {
            return;
        }

        // Memberships are read again on each navigation: a user removed from a department loses it without signing out.
        scope = await UserContext.GetScopeAsync();

        var access = await Threads.GetAsync(scope, threadId);
        switch (access.Outcome)
        {
            case AccessOutcome.NotFound:
                Navigation.NotFound();
                return;
            case AccessOutcome.Forbidden:
                forbidden = true;
                return;
        }

        detail = access.Value;
        if (RendererInfo.IsInteractive)
        {
            await Threads.MarkReadAsync(scope, threadId);
            counts = await Inbox.GetDepartmentCountsAsync(scope);
            version++;
        }
    }

    /// <summary>Whether this user folded the departments pane away (kept in their browser, per user).</summary>
    private bool departmentsFolded;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The tab title everywhere reads this page's count, which it keeps from each event.
        Tally.Set(UnreadTotal);

        if (firstRender && scope is not null && await JS.GetPaneAsync(scope.UserId, "departments") == "folded")
        {
            departmentsFolded = true;
            StateHasChanged();
        }
    }

    private async Task FoldDepartmentsAsync(bool folded)
    {
        departmentsFolded = folded;
        if (scope is not null)
        {
            await JS.SetPaneAsync(scope.UserId, "departments", folded ? "folded" : "shown");
        }
    }

    /// <summary>An admin changed this user's departments or role: drop what they may no longer see, without a sign-out.</summary>
    private async Task RefreshAccessAsync()
    {
        try
        {
            scope = await UserContext.GetCurrentScopeAsync();
            counts = await Inbox.GetDepartmentCountsAsync(scope);
            if (detail is not null && !scope.Allows(detail.Thread.DepartmentId))
            {
                detail = null;
                forbidden = true;
            }

            version++;
            StateHasChanged();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    private void SelectDepartment(Guid? departmentId) => filter = filter with { DepartmentId = departmentId };

    /// <summary>A saved view's filters replace the ones in use; the list reads them as any filter change.</summary>
    private void ApplyViewAsync(InboxFilter view) => filter = view;

    private int UnreadTotal => counts.Sum(c => c.UnreadThreads);

    private async Task ReloadThreadAsync()
    {
        if (ThreadId is { } threadId && scope is not null)
        {
            var access = await Threads.GetAsync(scope, threadId);
            detail = access.Value;
            counts = await Inbox.GetDepartmentCountsAsync(scope);
            version++;
        }
    }
}

using Portal.Core.Messages;
using Portal.Core.Presence;

namespace Portal.Web.Components.Pages.Inbox;

/// <summary>The composer among colleagues: its typing is announced, a colleague's answer is caught before sending, and its draft outlives a reload.</summary>
public partial class MessageComposer
{
    /// <summary>When this draft was begun: a colleague's reply after it is one this user has not taken into account.</summary>
    private DateTime? draftStartedAt;
    private DateTime lastTypingSignal;

    private void OnTextChanged(string? value)
    {
        text = value;
        var now = Clock.GetUtcNow().UtcDateTime;
        draftStartedAt ??= now;
        if (mode == ComposerMode.Text && !string.IsNullOrEmpty(value) && now - lastTypingSignal > TimeSpan.FromSeconds(2.5))
        {
            lastTypingSignal = now;
            _ = AnnounceTypingAsync(now);
        }
    }

    private async Task AnnounceTypingAsync(DateTime now)
    {
        try
        {
            await Presence.AnnounceAsync(new PresenceSignal(Detail.Thread.Id, Detail.Thread.DepartmentId, Actor.UserId, Actor.Name, SessionId, PresenceState.Typing, now));
        }
        catch (Exception e)
        {
            // Presence is a courtesy: the text is sent the same without it.
            Logger.LogWarning(e, "Could not announce typing in thread {ThreadId}", Detail.Thread.Id);
        }
    }

    /// <summary>Why sending now may answer the customer twice: a colleague typing to them, or a colleague's reply since this draft began.</summary>
    private string? Collision()
    {
        var typing = Presence.ViewersOf(Detail.Thread.Id, Actor.UserId).Where(v => v.Typing).Select(v => v.Name).ToList();
        if (typing.Count > 0)
        {
            return $"{string.Join(" and ", typing)} {(typing.Count == 1 ? "is" : "are")} typing to {Detail.Customer.DisplayName} right now.";
        }

        var since = draftStartedAt ?? Clock.GetUtcNow().UtcDateTime;
        var reply = Detail.Messages.LastOrDefault(m => m.Direction == MessageDirection.Outbound && m.AuthorType == AuthorType.User
            && m.AuthorUserId != Actor.UserId && m.OccurredAt >= since);
        return reply is null ? null
            : $"{reply.AuthorName ?? "A colleague"} replied to {Detail.Customer.DisplayName} after you started writing: “{(reply.Body.Length <= 80 ? reply.Body : reply.Body[..79] + "…")}”";
    }

    private Guid draftRestoredFor;

    /// <summary>A draft this tab was writing before a reload (a restart, a deploy) comes back into the composer.</summary>
    private async Task RestoreDraftAsync()
    {
        try
        {
            var draft = await JS.InvokeAsync<string?>("portalDrafts.get", Detail.Thread.Id);
            if (!string.IsNullOrEmpty(draft) && string.IsNullOrEmpty(text))
            {
                text = draft;
                draftStartedAt ??= Clock.GetUtcNow().UtcDateTime;
                StateHasChanged();
            }
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // No draft to restore.
        }
    }

    private async Task ForgetDraftAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("portalDrafts.clear", Detail.Thread.Id);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // The tab is closing; its storage goes with it.
        }
    }
}

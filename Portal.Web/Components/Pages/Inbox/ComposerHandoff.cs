using System.Collections.Concurrent;

namespace Portal.Web.Components.Pages.Inbox;

/// <summary>
/// What a page hands to the composer of the conversation it opens next, in this browser tab: the cursor (the
/// customer page's "Text"), or a first text to send through the composer's own path ("New conversation").
/// </summary>
public sealed class ComposerHandoff
{
    private readonly ConcurrentDictionary<Guid, string?> waiting = new();

    /// <param name="firstText">Sent as soon as the conversation opens; null to only put the cursor in the composer.</param>
    public void Offer(Guid threadId, string? firstText = null) => waiting[threadId] = string.IsNullOrWhiteSpace(firstText) ? null : firstText;

    public bool TryTake(Guid threadId, out string? firstText) => waiting.TryRemove(threadId, out firstText);
}

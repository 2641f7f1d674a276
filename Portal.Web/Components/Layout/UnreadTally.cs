namespace Portal.Web.Components.Layout;

/// <summary>How many conversations wait unread for this page's user: counted by <c>AttentionSignals</c>, shown in every page's tab title.</summary>
public sealed class UnreadTally
{
    public int Unread { get; private set; }

    /// <summary>An open inbox keeps the count itself (it patches it from each event), so nobody else needs to query it.</summary>
    public bool KeptByInbox { get; set; }

    public event Action? Changed;

    public void Set(int unread)
    {
        if (unread == Unread)
        {
            return;
        }

        Unread = unread;
        Changed?.Invoke();
    }
}

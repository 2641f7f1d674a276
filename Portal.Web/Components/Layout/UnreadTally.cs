namespace Portal.Web.Components.Layout;

/// <summary>How many conversations wait unread for this page's user: counted by <c>AttentionSignals</c>, shown in every page's tab title.</summary>
public sealed class UnreadTally
{
    public int Unread { get; private set; }

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

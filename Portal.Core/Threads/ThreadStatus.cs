namespace Portal.Core.Threads;

public enum ThreadStatus
{
    Open,
    Snoozed,
    Closed,
}


namespace Portal.Web.Components.Pages.Inbox;

/// <summary>What an open inbox does with live events, at Debug (the circuits benchmark counts these lines).</summary>
internal static partial class InboxLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbox applied a live event {Elapsed:F1} ms after it was published")]
    public static partial void Applied(ILogger logger, double elapsed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbox re-reads what live events could not patch: thread {Thread}, list {List}, counts {Counts}")]
    public static partial void Rereads(ILogger logger, bool thread, bool list, bool counts);
}

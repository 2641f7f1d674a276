namespace Portal.Infrastructure.Jobs;

/// <summary>Texts to customers go first; housekeeping waits.</summary>
public static class JobQueues
{
    public const string Sending = "sending";
    public const string Default = "default";

    public static readonly string[] All = [Sending, Default];
}

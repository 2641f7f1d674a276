namespace Portal.Infrastructure.Providers.Dms;

public enum DmsSyncState
{
    Synced,
    Failed,
}

/// <summary>What the DMS said about one message: written once it is accepted, retried alone while it is not.</summary>
public sealed class DmsSyncRecord
{
    public Guid MessageId { get; set; }
    public Guid ProviderAccountId { get; set; }
    public DmsSyncState State { get; set; }
    public string? DmsMessageUuid { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public DateTime LastAttemptAt { get; set; }
}

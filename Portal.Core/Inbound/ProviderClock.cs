namespace Portal.Core.Inbound;

/// <summary>Times reported by providers are trusted only within a sane window around the moment the portal received them.</summary>
public static class ProviderClock
{
    public static readonly TimeSpan MaxPast = TimeSpan.FromDays(3);
    public static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(5);

    public static DateTime Clamp(DateTime? reportedUtc, DateTime receivedUtc) =>
        reportedUtc is { } reported && reported >= receivedUtc - MaxPast && reported <= receivedUtc + MaxFuture ? reported : receivedUtc;
}

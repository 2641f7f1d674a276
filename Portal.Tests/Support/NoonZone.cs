namespace Portal.Tests.Support;

/// <summary>A fixed-offset zone in which it is about midday at a given instant, so a recipient there is inside any sending window.</summary>
public static class NoonZone
{
    public static string At(DateTime utc)
    {
        var offset = Math.Clamp(12 - utc.Hour, -12, 14);
        // IANA's Etc zones have the sign inverted: Etc/GMT-5 is five hours ahead of UTC.
        return offset == 0 ? "Etc/GMT" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
    }
}

using System.Globalization;

namespace Portal.Web.Components.Pages.Reports;

/// <summary>How the reports write shares and counts.</summary>
internal static class ReportFormat
{
    public static string Share(int part, int total) => total == 0 ? "—" : Percent((double)part / total);

    public static string Percent(double? share) => share switch
    {
        null => "—",
        > 0 and < 0.01 => "< 1%",
        _ => (share.Value * 100).ToString(share.Value < 0.1 && share.Value > 0 ? "0.#" : "0", CultureInfo.InvariantCulture) + "%",
    };

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>About five ticks up a count axis, whatever the counts (MudChart's default step of 20 flattens a small week).</summary>
    public static int TickFor(double highest) => Math.Max(1, (int)Math.Ceiling(highest / 5.0));
}

using System.Globalization;
using System.Text;
using Portal.Core.Reports;
using Portal.Web.Components.Pages.Reports;

namespace Portal.Web.Endpoints;

/// <summary>The reports' tables as CSV: each starts with a comment line naming its range and zone; counts are plain integers.</summary>
internal static class ReportCsv
{
    internal static string Waiting(WaitingNow waiting, string timeZoneId, DateTime nowUtc)
    {
        var csv = new StringBuilder();
        csv.AppendLine($"Customer,Department,Assigned to,Waiting since ({timeZoneId}),Waited minutes,Overdue,Last text,Conversation");
        foreach (var row in waiting.Oldest)
        {
            csv.AppendLine(string.Join(',',
                Csv.Cell(row.CustomerName), Csv.Cell(row.DepartmentName), Csv.Cell(row.AssigneeName), Csv.Time(row.WaitingSince, timeZoneId),
                ((int)(nowUtc - row.WaitingSince).TotalMinutes).ToString(CultureInfo.InvariantCulture), row.Overdue ? "yes" : "no",
                Csv.Cell(row.Preview), row.ThreadId.ToString()));
        }

        return csv.ToString();
    }

    /// <summary>One line per department and per person, then everything; minutes are whole minutes, shares are counts of answers.</summary>
    internal static string Responsiveness(Responsiveness report, ReportRange range, string timeZoneId)
    {
        var csv = new StringBuilder();
        csv.AppendLine($"# Answers from {Csv.Time(range.FromUtc, timeZoneId)} to {Csv.Time(range.ToUtc, timeZoneId)} ({timeZoneId})");
        csv.AppendLine("Group,Name,Answers,First responses,First median business min,First median wall min,Median business min,90th percentile business min," +
            "Median wall min,90th percentile wall min,Within 5 business min,Within 15 business min,Within 60 business min");
        var lines = report.ByDepartment.Select(r => ("Department", r)).Concat(report.ByUser.Select(r => ("Person", r))).Append(("All", report.Overall));
        foreach (var (group, row) in lines)
        {
            csv.AppendLine(string.Join(',',
                group, Csv.Cell(row.Name), Number(row.EveryBusiness.Count), Number(row.FirstBusiness.Count),
                Number(row.FirstBusiness.MedianMinutes), Number(row.FirstWall.MedianMinutes),
                Number(row.EveryBusiness.MedianMinutes), Number(row.EveryBusiness.P90Minutes),
                Number(row.EveryWall.MedianMinutes), Number(row.EveryWall.P90Minutes),
                Number(row.EveryBusiness.Within5), Number(row.EveryBusiness.Within15), Number(row.EveryBusiness.Within60)));
        }

        return csv.ToString();
    }

    /// <summary>One line per local day, then one per department, person, provider account and author, then per hour of the week.</summary>
    internal static string Volume(Volume report, ReportRange range, string timeZoneId)
    {
        var csv = Header(range, timeZoneId);
        csv.AppendLine("Group,Name,Texts in,Texts out,Conversations begun,Conversations closed");
        foreach (var day in report.ByDay)
        {
            csv.AppendLine(string.Join(',', "Day", day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number(day.In), Number(day.Out), Number(day.NewConversations), Number(day.ClosedConversations)));
        }

        var splits = report.ByDepartment.Select(r => ("Department", r)).Concat(report.ByUser.Select(r => ("Person", r))).Concat(report.ByAccount.Select(r => ("Provider account", r)));
        foreach (var (group, row) in splits)
        {
            csv.AppendLine(string.Join(',', group, Csv.Cell(row.Name), Number(row.In), Number(row.Out), "", ""));
        }

        foreach (var origin in report.ByOrigin)
        {
            csv.AppendLine(string.Join(',', "Written by", Csv.Cell(VolumeSection.OriginName(origin.Origin)), "", Number(origin.Out), "", ""));
        }

        foreach (var hour in report.ByHourOfWeek)
        {
            csv.AppendLine(string.Join(',', "Hour of week", $"{hour.Day} {hour.Hour:00}:00", Number(hour.In), Number(hour.Out), "", ""));
        }

        csv.AppendLine(string.Join(',', "All", "", Number(report.In), Number(report.Out), Number(report.NewConversations), Number(report.ClosedConversations)));
        return csv.ToString();
    }

    /// <summary>One line per provider account, then all, then one per failure reason.</summary>
    internal static string Delivery(Delivery report, ReportRange range, string timeZoneId)
    {
        var csv = Header(range, timeZoneId);
        csv.AppendLine("Group,Name,Tried,Sent,Delivered,Failed,Outcome unknown,Not yet sent");
        foreach (var row in report.ByAccount.Append(report.Overall))
        {
            csv.AppendLine(string.Join(',', row == report.Overall ? "All" : "Provider account", Csv.Cell(row.Name),
                Number(row.Attempted), Number(row.Sent), Number(row.Delivered), Number(row.Failed), Number(row.OutcomeUnknown), Number(row.Pending)));
        }

        foreach (var reason in report.ByReason)
        {
            csv.AppendLine(string.Join(',', "Failure reason", Csv.Cell(reason.Description), "", "", "", Number(reason.Count), "", ""));
        }

        return csv.ToString();
    }

    internal static string Campaigns(IReadOnlyList<CampaignOutcome> report, ReportRange range, string timeZoneId)
    {
        var csv = Header(range, timeZoneId);
        csv.AppendLine($"Campaign,Department,Started ({timeZoneId}),Status,Recipients,Sent,Delivered,Replied,Opted out,Replies answered");
        foreach (var c in report)
        {
            csv.AppendLine(string.Join(',', Csv.Cell(c.Name), Csv.Cell(c.DepartmentName), Csv.Time(c.StartAt, timeZoneId), c.Status,
                Number(c.Recipients), Number(c.Sent), Number(c.Delivered), Number(c.Replied), Number(c.OptedOut), Number(c.RepliesAnswered)));
        }

        return csv.ToString();
    }

    internal static string Consent(ConsentReport report, ReportRange range, string timeZoneId)
    {
        var csv = Header(range, timeZoneId);
        csv.AppendLine("Group,Name,Opt-outs,Opt-ins");
        foreach (var day in report.ByDay)
        {
            csv.AppendLine(string.Join(',', "Day", day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number(day.OptOuts), Number(day.OptIns)));
        }

        foreach (var source in report.BySource)
        {
            csv.AppendLine(string.Join(',', "Recorded by", Csv.Cell(ConsentSection.SourceName(source.Source)), Number(source.OptOuts), Number(source.OptIns)));
        }

        csv.AppendLine(string.Join(',', "All", "", Number(report.OptOuts), Number(report.OptIns)));
        csv.AppendLine($"# {Number(report.TextsSent)} texts sent; {report.OptOutsPer1000Sent?.ToString("0.#", CultureInfo.InvariantCulture) ?? "no"} opt-outs per 1,000");
        return csv.ToString();
    }

    private static StringBuilder Header(ReportRange range, string timeZoneId) =>
        new StringBuilder().AppendLine($"# From {Csv.Time(range.FromUtc, timeZoneId)} to {Csv.Time(range.ToUtc, timeZoneId)} ({timeZoneId})");

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}

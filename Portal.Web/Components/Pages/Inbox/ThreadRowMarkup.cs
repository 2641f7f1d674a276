using System.Text;
using System.Text.Encodings.Web;
using Portal.Core.Messages;
using Portal.Core.Threads;

namespace Portal.Web.Components.Pages.Inbox;

/// <summary>The inside of one conversation row as HTML. Every value is encoded: names and texts come from customers.</summary>
public static class ThreadRowMarkup
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Build(ThreadListItem thread, string? search, string time)
    {
        var html = new StringBuilder(640);
        html.Append("<span class=\"thread-avatar\" aria-hidden=\"true\">").Append(Encode(Initials(thread.CustomerName))).Append("</span>");
        html.Append("<div class=\"thread-main\"><div class=\"thread-top\"><span class=\"thread-customer\">")
            .Append(Encode(string.IsNullOrWhiteSpace(thread.CustomerName) ? thread.CustomerPhone : thread.CustomerName))
            .Append("</span><span class=\"thread-time\" title=\"").Append(Encode(TimeFormat.Full(thread.LastActivityAt, thread.TimeZoneId)))
            .Append("\">").Append(Encode(time)).Append("</span></div><div class=\"thread-preview\">");
        if (thread.MatchingText is { } matching && search is not null)
        {
            var (before, hit, after) = Snippet(matching, search);
            html.Append("<span data-testid=\"search-snippet\">").Append(Encode(before)).Append("<mark>").Append(Encode(hit)).Append("</mark>").Append(Encode(after)).Append("</span>");
        }
        else
        {
            if (thread.LastDirection == MessageDirection.Outbound)
            {
                html.Append("<span class=\"thread-you\">").Append(Encode(FirstName(thread.LastAuthorName) ?? "Sent")).Append(": </span>");
            }

            html.Append(Encode(thread.Preview));
        }

        html.Append("</div><div class=\"thread-meta\"><span class=\"thread-department\">").Append(Encode(thread.DepartmentName)).Append("</span>");
        if (thread.Status != ThreadStatus.Open)
        {
            html.Append("<span class=\"thread-status\" data-status=\"").Append(thread.Status).Append("\">").Append(thread.Status).Append("</span>");
        }

        if (thread.Overdue)
        {
            html.Append("<span class=\"thread-overdue\" title=\"The customer has waited past the department's limit for an answer\">Overdue</span>");
        }

        foreach (var label in thread.Labels)
        {
            // The color is one of the palette's (checked when saved); the name is encoded like every value.
            html.Append("<span class=\"thread-label\" style=\"background:").Append(Encode(label.Color)).Append("\">").Append(Encode(label.Name)).Append("</span>");
        }

        if (thread.CustomerOptedOut)
        {
            html.Append("<span class=\"thread-optout\">Opted out</span>");
        }

        if (thread.AssigneeName is { } assignee)
        {
            html.Append("<span class=\"thread-assignee\" title=\"Assigned to ").Append(Encode(assignee)).Append("\">").Append(Encode(assignee)).Append("</span>");
        }

        html.Append("</div></div>");
        if (thread.UnreadCount > 0)
        {
            html.Append("<span class=\"unread-badge\" aria-label=\"").Append(thread.UnreadCount).Append(" unread\">").Append(thread.UnreadCount).Append("</span>");
        }

        return html.ToString();
    }

    private static string Initials(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => "?",
            1 => parts[0][..1].ToUpperInvariant(),
            _ => $"{char.ToUpperInvariant(parts[0][0])}{char.ToUpperInvariant(parts[^1][0])}",
        };
    }

    private static string? FirstName(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Split(' ')[0];

    private static string Encode(string? value) => value is null ? "" : Encoder.Encode(value);

    /// <summary>The matching text around the first hit, as plain text pieces (encoded by the caller).</summary>
    public static (string Before, string Hit, string After) Snippet(string text, string query)
    {
        var flat = text.ReplaceLineEndings(" ");
        var at = flat.IndexOf(query, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return (flat.Length <= 120 ? flat : flat[..119] + "…", "", "");
        }

        var start = Math.Max(0, at - 40);
        var end = Math.Min(flat.Length, at + query.Length + 60);
        return ((start > 0 ? "…" : "") + flat[start..at], flat.Substring(at, query.Length), flat[(at + query.Length)..end] + (end < flat.Length ? "…" : ""));
    }
}

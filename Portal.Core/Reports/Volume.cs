namespace Portal.Core.Reports;

/// <summary>Who wrote an outbound text, as the volume report splits it: a person, or one of the automated senders.</summary>
public enum TextOrigin
{
    Staff,
    Campaign,
    Api,

    /// <summary>The portal itself: an after-hours or keyword auto-reply.</summary>
    AutoReply,
}

/// <summary>One local day: texts received and sent, conversations begun and closed.</summary>
public sealed record VolumeDay(DateOnly Day, int In, int Out, int NewConversations, int ClosedConversations);

/// <summary>Texts in one hour of the week (local), for the heat map: <see cref="Hour"/> is 0–23.</summary>
public sealed record VolumeHour(DayOfWeek Day, int Hour, int In, int Out);

/// <summary>Texts per department, person or provider account (a null id: none, such as the integration API's texts for people).</summary>
public sealed record VolumeRow(Guid? Id, string Name, int In, int Out);

public sealed record OriginCount(TextOrigin Origin, int Out);

/// <summary>
/// How much the departments texted: totals, per local day, per hour of the week, per department, person and provider
/// account, and outbound texts by who wrote them. Outbound texts count once they were sent or tried (not drafts,
/// scheduled or canceled ones); a person's volume is what that person sent.
/// </summary>
public sealed record Volume(
    int In, int Out, int NewConversations, int ClosedConversations,
    IReadOnlyList<VolumeDay> ByDay, IReadOnlyList<VolumeHour> ByHourOfWeek,
    IReadOnlyList<VolumeRow> ByDepartment, IReadOnlyList<VolumeRow> ByUser, IReadOnlyList<VolumeRow> ByAccount,
    IReadOnlyList<OriginCount> ByOrigin)
{
    public int StaffOut => ByOrigin.Where(o => o.Origin == TextOrigin.Staff).Sum(o => o.Out);

    public int AutomatedOut => Out - StaffOut;
}

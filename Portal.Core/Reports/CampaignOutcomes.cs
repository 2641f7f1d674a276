namespace Portal.Core.Reports;

/// <summary>
/// What one campaign brought: of its recipients, how many texts went and were delivered, how many customers replied,
/// opted out after it, and how many of those replies a person then answered.
/// </summary>
public sealed record CampaignOutcome(
    Guid Id, string Name, Guid DepartmentId, string DepartmentName, DateTime StartAt, string Status,
    int Recipients, int Sent, int Delivered, int Replied, int OptedOut, int RepliesAnswered)
{
    public double? ReplyRate => Sent == 0 ? null : (double)Replied / Sent;

    public double? OptOutRate => Sent == 0 ? null : (double)OptedOut / Sent;
}

/// <summary>The activity reports read from counts kept in the database, each within what the caller may see.</summary>
public interface IActivityReports
{
    Task<Volume> VolumeAsync(Security.DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default);

    Task<Delivery> DeliveryAsync(Security.DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default);

    /// <summary>Campaigns that started in the range, newest first.</summary>
    Task<IReadOnlyList<CampaignOutcome>> CampaignsAsync(Security.DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default);

    Task<ConsentReport> ConsentAsync(Security.DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default);
}

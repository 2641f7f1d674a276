using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Campaigns;

/// <summary>Managers' campaigns, limited to the departments in the caller's scope.</summary>
public interface ICampaignService
{
    Task<IReadOnlyList<CampaignSummary>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default);

    /// <exception cref="ValidationException">A missing name, text, provider account or a bad split or throttle.</exception>
    Task<Guid> SaveDraftAsync(DepartmentScope scope, Guid? campaignId, CampaignInput input, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The texting accounts a campaign of this department can use; the department's default first.</summary>
    Task<IReadOnlyList<CampaignAccountOption>> ListAccountsAsync(DepartmentScope scope, Guid departmentId, CancellationToken cancellationToken = default);

    Task<CampaignInput> GetInputAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default);

    /// <summary>Who would get what, and who would not and why, without writing anything.</summary>
    Task<CampaignPreview> PreviewAsync(DepartmentScope scope, CampaignInput input, Actor actor, int samples = 3, CancellationToken cancellationToken = default);

    /// <summary>Creates one scheduled message per recipient in their thread, in one transaction, and starts the runner at the start time.</summary>
    Task<CampaignProgress> ScheduleAsync(DepartmentScope scope, Guid campaignId, Actor actor, CancellationToken cancellationToken = default);

    Task PauseAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default);

    Task ResumeAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default);

    /// <summary>Cancels every message that has not gone yet; what went stays.</summary>
    Task CancelAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default);

    Task<CampaignProgress> GetProgressAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default);

    Task<CampaignResults> GetResultsAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Templates;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>The managers' and the API's campaign use cases, each kept by the class that owns it.</summary>
internal sealed class CampaignService : ICampaignService
{
    private readonly IDbContextFactory<PortalDbContext> dbFactory;
    private readonly CampaignValidator validator;
    private readonly CampaignScheduler scheduler;
    private readonly CampaignControl control;
    private readonly CampaignReports reports;

    public CampaignService(
        IDbContextFactory<PortalDbContext> dbFactory,
        ITemplateService templates,
        IProviderCatalog catalog,
        PhoneNumberNormalizer phones,
        IJobScheduler jobs,
        IConversationNotifier notifier,
        CampaignProgressReader progress,
        IOptions<CampaignOptions> options,
        TimeProvider clock,
        ILogger<CampaignService> logger)
    {
        var publisher = new CampaignProgressPublisher(progress, notifier);
        this.dbFactory = dbFactory;
        validator = new CampaignValidator(templates, catalog, phones, clock);
        scheduler = new CampaignScheduler(dbFactory, validator, templates, phones, jobs, publisher, options, clock, logger);
        control = new CampaignControl(dbFactory, jobs, publisher, clock, logger);
        reports = new CampaignReports(dbFactory, progress);
    }

    public Task<IReadOnlyList<CampaignSummary>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default) =>
        reports.ListAsync(scope, cancellationToken);

    public async Task<IReadOnlyList<CampaignAccountOption>> ListAccountsAsync(DepartmentScope scope, Guid departmentId, CancellationToken cancellationToken = default)
    {
        CampaignAccess.EnsureAllowed(scope, departmentId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await validator.AccountsAsync(db, departmentId, cancellationToken);
    }

    public Task<Guid> SaveDraftAsync(DepartmentScope scope, Guid? campaignId, CampaignInput input, Actor actor, CancellationToken cancellationToken = default) =>
        scheduler.SaveDraftAsync(scope, campaignId, input, actor, cancellationToken);

    public Task<CampaignInput> GetInputAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default) =>
        scheduler.GetInputAsync(scope, campaignId, cancellationToken);

    public Task<CampaignPreview> PreviewAsync(DepartmentScope scope, CampaignInput input, Actor actor, int samples = 3, CancellationToken cancellationToken = default) =>
        scheduler.PreviewAsync(scope, input, actor, samples, cancellationToken);

    public Task<CampaignProgress> ScheduleAsync(DepartmentScope scope, Guid campaignId, Actor actor, CancellationToken cancellationToken = default) =>
        scheduler.ScheduleAsync(scope, campaignId, actor, cancellationToken);

    public Task PauseAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default) =>
        control.PauseAsync(scope, campaignId, cancellationToken);

    public Task ResumeAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default) =>
        control.ResumeAsync(scope, campaignId, cancellationToken);

    public Task CancelAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default) =>
        control.CancelAsync(scope, campaignId, cancellationToken);

    public Task<CampaignProgress> GetProgressAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default) =>
        reports.GetProgressAsync(scope, campaignId, cancellationToken);

    public Task<CampaignResults> GetResultsAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default) =>
        reports.GetResultsAsync(scope, campaignId, cancellationToken);
}

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Templates;
using Portal.Core.Threads;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Identity;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// The model shared by both database providers. Each provider has a subclass that owns its migrations
/// (<see cref="SqlitePortalDbContext"/>, <see cref="SqlServerPortalDbContext"/>); the app only ever asks for this type.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options)
    : IdentityDbContext<PortalUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>Data Protection keys, shared by every instance so each can read the others' cookies and secrets.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Department> Departments => Set<Department>();
    public DbSet<DepartmentMember> DepartmentMembers => Set<DepartmentMember>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Core.Consent.ConsentEntry> ConsentEntries => Set<Core.Consent.ConsentEntry>();
    public DbSet<ConversationThread> Threads => Set<ConversationThread>();
    public DbSet<ThreadReadState> ThreadReadStates => Set<ThreadReadState>();
    public DbSet<Core.Notifications.Notification> Notifications => Set<Core.Notifications.Notification>();
    public DbSet<Core.Audit.AuditEntry> AuditEntries => Set<Core.Audit.AuditEntry>();
    public DbSet<Core.Labels.Label> Labels => Set<Core.Labels.Label>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<Core.Labels.ThreadLabel> ThreadLabels => Set<Core.Labels.ThreadLabel>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Core.Reports.ResponseTime> ResponseTimes => Set<Core.Reports.ResponseTime>();
    public DbSet<Reports.ActivityCount> ActivityCounts => Set<Reports.ActivityCount>();
    public DbSet<Template> Templates => Set<Template>();
    public DbSet<ProviderAccount> ProviderAccounts => Set<ProviderAccount>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<Core.Integration.ApiKey> ApiKeys => Set<Core.Integration.ApiKey>();
    public DbSet<Core.EventWebhooks.WebhookSubscription> WebhookSubscriptions => Set<Core.EventWebhooks.WebhookSubscription>();
    public DbSet<Core.EventWebhooks.WebhookDelivery> WebhookDeliveries => Set<Core.EventWebhooks.WebhookDelivery>();
    public DbSet<Core.EventWebhooks.WebhookDeliveryAttempt> WebhookDeliveryAttempts => Set<Core.EventWebhooks.WebhookDeliveryAttempt>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<MessageStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MessageDirection>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MessageKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AuthorType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<FailureReason>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ThreadStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Assignment.AssignmentMode>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ConsentStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ContactChannel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TemplateType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ProviderKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<SignatureVerdict>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<WebhookOutcome>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Dictionary<string, string>>().HaveConversion<StringDictionaryJsonConverter, StringDictionaryComparer>();
    }
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options);

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);

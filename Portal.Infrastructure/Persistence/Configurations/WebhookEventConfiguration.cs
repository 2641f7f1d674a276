using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.ProviderWebhooks;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.Property(e => e.EventId).HasMaxLength(200);
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.Provider).HasConversion<ProviderKindConverter>().HasMaxLength(32);
        builder.Property(e => e.RequestPath).HasMaxLength(300);
        builder.Property(e => e.Error).HasMaxLength(1000);
        // A replayed delivery of the same event finds this row and changes nothing.
        builder.HasIndex(e => new { e.ProviderAccountId, e.EventId }).IsUnique();
        builder.HasIndex(e => e.ReceivedAt);
    }
}

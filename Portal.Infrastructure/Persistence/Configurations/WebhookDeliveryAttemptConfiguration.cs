using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.EventWebhooks;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class WebhookDeliveryAttemptConfiguration : IEntityTypeConfiguration<WebhookDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryAttempt> builder)
    {
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Campaigns;
using Portal.Core.Departments;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.CreatedByName).HasMaxLength(100);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.Property(c => c.Audience).HasConversion(new JsonColumnConverter<CampaignAudience>(), new JsonColumnComparer<CampaignAudience>());
        builder.Property(c => c.Variants).HasConversion(new JsonColumnConverter<List<CampaignVariant>>(), new JsonColumnComparer<List<CampaignVariant>>());
        builder.Ignore(c => c.CanSend);
        builder.HasOne<Department>().WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ProviderAccount>().WithMany().HasForeignKey(c => c.ProviderAccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.DepartmentId, c.CreatedAt });
        builder.HasIndex(c => c.Status);
    }
}

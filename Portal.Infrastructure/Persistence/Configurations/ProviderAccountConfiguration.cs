using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Departments;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ProviderAccountConfiguration : IEntityTypeConfiguration<ProviderAccount>
{
    public void Configure(EntityTypeBuilder<ProviderAccount> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.BaseUrl).HasMaxLength(500);
        builder.Property(p => p.AccountId).HasMaxLength(100);
        builder.Property(p => p.FromNumber).HasMaxLength(20);
        builder.HasOne<Department>().WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(p => p.Kind).HasConversion<ProviderKindConverter>().HasMaxLength(32);
    }
}

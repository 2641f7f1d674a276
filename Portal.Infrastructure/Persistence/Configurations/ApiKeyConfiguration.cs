using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Integration;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(20);
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(100);
        builder.PrimitiveCollection(k => k.DepartmentIds);
        builder.Ignore(k => k.IsRevoked);
        builder.HasIndex(k => k.SecretHash).IsUnique();
    }
}

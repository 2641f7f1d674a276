using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Audit;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Summary).HasMaxLength(AuditEntry.MaxSummaryLength);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.ThreadId, e.At });
        builder.HasIndex(e => new { e.DepartmentId, e.At });
    }
}

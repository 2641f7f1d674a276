using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Messages;

namespace Portal.Infrastructure.Providers.Dms;

internal sealed class DmsSyncRecordConfiguration : IEntityTypeConfiguration<DmsSyncRecord>
{
    public void Configure(EntityTypeBuilder<DmsSyncRecord> builder)
    {
        builder.ToTable("DmsSyncRecords");
        builder.HasKey(r => r.MessageId);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.DmsMessageUuid).HasMaxLength(100);
        builder.Property(r => r.Error).HasMaxLength(1000);
        builder.HasOne<Message>().WithOne().HasForeignKey<DmsSyncRecord>(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.State, r.Attempts });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Consent;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ConsentEntryConfiguration : IEntityTypeConfiguration<ConsentEntry>
{
    public void Configure(EntityTypeBuilder<ConsentEntry> builder)
    {
        builder.Property(e => e.Number).HasMaxLength(Core.Customers.SenderAddress.MaxLength);
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.RecordedBy).HasMaxLength(100);
        builder.Property(e => e.Detail).HasMaxLength(ConsentEntry.MaxDetailLength);
        builder.Ignore(e => e.IsTheCustomersOwn);
        // The ledger of a number, newest act first, and "is a later entry there?" for every opted-out question.
        builder.HasIndex(e => new { e.Number, e.ActedAt, e.RecordedAt });
        // The consent report's range.
        builder.HasIndex(e => e.ActedAt);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Threads;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.Property(v => v.Name).HasMaxLength(SavedView.MaxNameLength);
        builder.Property(v => v.Filter).HasConversion(new JsonColumnConverter<InboxFilter>(), new JsonColumnComparer<InboxFilter>()).HasMaxLength(1000);
        builder.HasIndex(v => new { v.UserId, v.Name }).IsUnique();
    }
}

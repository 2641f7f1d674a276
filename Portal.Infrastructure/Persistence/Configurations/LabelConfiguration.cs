using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Departments;
using Portal.Core.Labels;
using Portal.Core.Threads;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class LabelConfiguration : IEntityTypeConfiguration<Label>
{
    public void Configure(EntityTypeBuilder<Label> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(Label.MaxNameLength);
        builder.Property(l => l.Color).HasMaxLength(9);
        builder.HasOne<Department>().WithMany().HasForeignKey(l => l.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.DepartmentId, l.Name }).IsUnique();
    }
}

internal sealed class ThreadLabelConfiguration : IEntityTypeConfiguration<ThreadLabel>
{
    public void Configure(EntityTypeBuilder<ThreadLabel> builder)
    {
        builder.HasKey(l => new { l.ThreadId, l.LabelId });
        builder.HasOne<ConversationThread>().WithMany().HasForeignKey(l => l.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Label>().WithMany().HasForeignKey(l => l.LabelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.LabelId);
    }
}

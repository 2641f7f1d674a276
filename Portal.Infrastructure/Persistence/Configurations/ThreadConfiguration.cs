using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Threads;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ThreadConfiguration : IEntityTypeConfiguration<ConversationThread>
{
    public void Configure(EntityTypeBuilder<ConversationThread> builder)
    {
        builder.ToTable("Threads");
        builder.Property(t => t.LastMessagePreview).HasMaxLength(ConversationThread.PreviewLength);
        builder.HasOne(t => t.Department).WithMany().HasForeignKey(t => t.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Customer).WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);

        // The inbox: a department's threads, newest activity first.
        builder.HasIndex(t => new { t.DepartmentId, t.LastActivityAt });
        builder.HasIndex(t => new { t.AssigneeId, t.LastActivityAt });
        // One open (or snoozed) thread per department and customer; the database enforces it against races.
        builder.HasIndex(t => new { t.DepartmentId, t.CustomerId })
            .IsUnique()
            .HasFilter("Status <> 'Closed'")
            .HasDatabaseName("IX_Threads_OneOpenPerCustomer");
        builder.HasIndex(t => t.CustomerId);
        // Conversations begun and closed in an hour, counted for the reports.
        builder.HasIndex(t => t.CreatedAt);
        builder.HasIndex(t => t.ClosedAt).HasFilter("ClosedAt IS NOT NULL");
        builder.Ignore(t => t.IsOverdue);
        // The conversations whose customer waits for an answer, scanned every minute for escalation.
        builder.HasIndex(t => new { t.Status, t.AwaitingReplySince })
            .HasFilter("AwaitingReplySince IS NOT NULL")
            .HasDatabaseName("IX_Threads_AwaitingReply");
        // The few conversations waiting for automatic assignment, found by the sweep without reading the rest.
        builder.HasIndex(t => new { t.DepartmentId, t.AwaitsAssignment })
            .HasFilter("AwaitsAssignment = 1")
            .HasDatabaseName("IX_Threads_AwaitingAssignment");
    }
}

internal sealed class ThreadReadStateConfiguration : IEntityTypeConfiguration<ThreadReadState>
{
    public void Configure(EntityTypeBuilder<ThreadReadState> builder)
    {
        builder.HasKey(r => new { r.ThreadId, r.UserId });
        builder.HasOne<ConversationThread>().WithMany().HasForeignKey(r => r.ThreadId).OnDelete(DeleteBehavior.Cascade);
    }
}

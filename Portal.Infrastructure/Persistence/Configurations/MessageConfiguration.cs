using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Messages;
using Portal.Core.Threads;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.Property(m => m.Status);
        // The claim that lets exactly one worker send a message: an update only succeeds from the revision it read.
        builder.Property(m => m.Revision).IsConcurrencyToken();
        builder.Property(m => m.Body).HasMaxLength(MessageBodyLimits.MaxNoteLength);
        builder.Property(m => m.AuthorName).HasMaxLength(100);
        builder.Property(m => m.ProviderMessageId).HasMaxLength(100);
        builder.Property(m => m.FailureDetail).HasMaxLength(1000);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(200);
        builder.Property(m => m.JobId).HasMaxLength(100);
        builder.Property(m => m.TraceParent).HasMaxLength(55);
        builder.Property(m => m.CampaignVariant).HasMaxLength(8);
        builder.OwnsMany(m => m.Attachments, a =>
        {
            a.ToJson();
            a.Property(x => x.Url).HasMaxLength(2048);
        });
        builder.HasOne<ConversationThread>().WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(m => m.IsOutbound);

        // A thread's history in order; also serves unread counts (inbound after the last read).
        builder.HasIndex(m => new { m.ThreadId, m.OccurredAt });
        // A provider delivering the same message twice stores it once.
        builder.HasIndex(m => new { m.ProviderAccountId, m.ProviderMessageId })
            .IsUnique()
            .HasFilter("ProviderMessageId IS NOT NULL");
        builder.HasIndex(m => m.IdempotencyKey).IsUnique().HasFilter("IdempotencyKey IS NOT NULL");
        // Due and pending messages, rebuilt into jobs after a restart.
        builder.HasIndex(m => new { m.Status, m.SendAt });
        // A campaign's due messages, claimed in batches by its runner; and its progress counts.
        builder.HasIndex(m => new { m.CampaignId, m.Status, m.SendAt }).HasFilter("CampaignId IS NOT NULL");
        // A campaign's sent texts and their conversations, for its replies, opt-outs and answers in the reports.
        builder.HasIndex(m => new { m.CampaignId, m.SentAt, m.ThreadId }).HasFilter("CampaignId IS NOT NULL");
        // The texts of one hour, recounted for the reports.
        builder.HasIndex(m => m.ActivityAt).HasFilter("ActivityAt IS NOT NULL");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Reports;
using Portal.Core.Threads;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ResponseTimeConfiguration : IEntityTypeConfiguration<ResponseTime>
{
    public void Configure(EntityTypeBuilder<ResponseTime> builder)
    {
        builder.HasOne<ConversationThread>().WithMany().HasForeignKey(r => r.ThreadId).OnDelete(DeleteBehavior.Cascade);
        // Reports read a date range per department, and per person.
        builder.HasIndex(r => new { r.DepartmentId, r.AnsweredAt });
        builder.HasIndex(r => new { r.ResponderUserId, r.AnsweredAt });
    }
}

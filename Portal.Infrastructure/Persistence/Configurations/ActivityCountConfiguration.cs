using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Infrastructure.Reports;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ActivityCountConfiguration : IEntityTypeConfiguration<ActivityCount>
{
    public void Configure(EntityTypeBuilder<ActivityCount> builder)
    {
        // Reports read a range of hours (for some departments); a recount replaces one hour.
        builder.HasIndex(a => new { a.HourStart, a.DepartmentId });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Departments;
using Portal.Infrastructure.Identity;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(80);
        builder.HasIndex(d => d.Name).IsUnique();
        builder.Property(d => d.TimeZoneId).HasMaxLength(64);
        builder.Property(d => d.HelpText).HasMaxLength(320);
        builder.ComplexProperty(d => d.SendingHours, hours =>
        {
            hours.Property(h => h.Start).HasColumnName("SendingHoursStart");
            hours.Property(h => h.End).HasColumnName("SendingHoursEnd");
        });
        builder.Ignore(d => d.TimeZone);
        builder.HasMany(d => d.Members).WithOne().HasForeignKey(m => m.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DepartmentMemberConfiguration : IEntityTypeConfiguration<DepartmentMember>
{
    public void Configure(EntityTypeBuilder<DepartmentMember> builder)
    {
        builder.HasKey(m => new { m.DepartmentId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

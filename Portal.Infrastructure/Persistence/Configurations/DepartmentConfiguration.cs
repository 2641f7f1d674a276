using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
        builder.Property(d => d.AfterHoursReply).HasMaxLength(Core.AfterHours.AfterHoursReply.MaxLength);
        builder.ComplexProperty(d => d.SendingHours, hours =>
        {
            hours.Property(h => h.Start).HasColumnName("SendingHoursStart");
            hours.Property(h => h.End).HasColumnName("SendingHoursEnd");
            hours.Ignore(h => h.Days);
        });
        builder.Property(d => d.SendingDays)
            .HasConversion(
                days => JsonSerializer.Serialize(days, (JsonSerializerOptions?)null),
                json => string.IsNullOrEmpty(json) ? new List<DaySendingHours>() : JsonSerializer.Deserialize<List<DaySendingHours>>(json, (JsonSerializerOptions?)null) ?? new List<DaySendingHours>(),
                new ValueComparer<List<DaySendingHours>>((a, b) => a!.SequenceEqual(b!), days => days.Aggregate(0, (hash, day) => HashCode.Combine(hash, day.GetHashCode())), days => days.ToList()))
            .HasMaxLength(1000);
        builder.ComplexProperty(d => d.Escalation, rules =>
        {
            rules.Property(r => r.NotifyAssigneeAfter).HasColumnName("EscalateAfterMinutes");
            rules.Property(r => r.NotifyManagersAfter).HasColumnName("EscalateManagersAfterMinutes");
            rules.Property(r => r.ReassignWithManagers).HasColumnName("EscalationReassigns");
        });
        builder.Ignore(d => d.TimeZone);
        builder.Ignore(d => d.StricterRules);
        builder.Ignore(d => d.HolidayDates);
        builder.Property(d => d.StricterHours).HasMaxLength(1000);
        builder.Property(d => d.Holidays).HasMaxLength(1000);
        builder.Property(d => d.OptOutLine).HasMaxLength(Core.Consent.OptOutLine.MaxLength);
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

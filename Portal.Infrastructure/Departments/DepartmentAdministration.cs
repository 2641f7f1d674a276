using Portal.Core.Sending;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Departments;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using ValidationException = Portal.Core.Common.ValidationException;

namespace Portal.Infrastructure.Departments;

internal sealed class DepartmentAdministration(IDbContextFactory<PortalDbContext> dbFactory, Microsoft.Extensions.Options.IOptions<PortalOptions>? options = null, TimeProvider? clock = null) : IDepartmentAdministration
{
    public async Task<DealershipTimeZone> GetDealershipTimeZoneAsync(CancellationToken cancellationToken = default)
    {
        if (options?.Value.DealershipTimeZone is { } configured && DepartmentTimeZone.IsValid(configured))
        {
            return new DealershipTimeZone(configured, Configured: true);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var zones = await db.Departments.AsNoTracking().Select(d => d.TimeZoneId).ToListAsync(cancellationToken);
        return new DealershipTimeZone(zones.GroupBy(z => z).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefault() ?? "America/New_York", Configured: false);
    }

    public async Task<IReadOnlyList<DepartmentSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Departments.AsNoTracking()
            .OrderBy(d => d.Name)
            .Select(d => new
            {
                d.Id, d.Name, d.TimeZoneId, d.SendingHours, d.SendingDays, d.HelpText, d.MarketingNeedsRecordedConsent, d.StricterHours, d.Holidays, d.OptOutLine,
                Members = d.Members.Count,
                Open = db.Threads.Count(t => t.DepartmentId == d.Id && t.Status != ThreadStatus.Closed),
            })
            .ToListAsync(cancellationToken);
        // The usual hours and the days that differ are stored apart: a projection joins them here.
        return [.. rows.Select(d => new DepartmentSummary(d.Id, d.Name, d.TimeZoneId, d.SendingHours with { Days = d.SendingDays }, d.HelpText, d.Members, d.Open)
            { MarketingNeedsRecordedConsent = d.MarketingNeedsRecordedConsent, StricterHours = d.StricterHours, Holidays = d.Holidays, OptOutLine = d.OptOutLine })];
    }

    public async Task<Guid> SaveAsync(Guid? id, DepartmentInput input, Core.Common.Actor? actor, CancellationToken cancellationToken = default)
    {
        Core.Common.InputValidation.ThrowIfInvalid(input);

        var name = input.Name.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Departments.AnyAsync(d => d.Name == name && d.Id != id, cancellationToken))
        {
            throw new ValidationException(nameof(DepartmentInput.Name), $"A department named '{name}' already exists.");
        }

        Department department;
        if (id is { } existingId)
        {
            department = await db.Departments.FirstOrDefaultAsync(d => d.Id == existingId, cancellationToken)
                ?? throw new Core.Common.NotFoundException("The department");
            department.Name = name;
        }
        else
        {
            department = new Department { Name = name };
            db.Departments.Add(department);
        }

        department.TimeZoneId = input.TimeZoneId;
        department.SendingHours = input.ToSendingHours();
        department.HelpText = string.IsNullOrWhiteSpace(input.HelpText) ? null : input.HelpText.Trim();
        department.MarketingNeedsRecordedConsent = input.MarketingNeedsRecordedConsent;
        department.OptOutLine = string.IsNullOrWhiteSpace(input.OptOutLine) ? null : input.OptOutLine.Trim();
        // Stored as the rules read back, one per line, so the form shows what is applied.
        department.StricterHours = QuietHourRules.Parse(input.StricterHours, out _) is { Count: > 0 } rules ? string.Join('\n', rules) : null;
        department.Holidays = HolidayCalendar.Parse(input.Holidays, out _) is { IsEmpty: false } days ? days.ToString() : null;
        Audit.AuditLog.Record(db, Core.Audit.AuditAction.DepartmentChanged, actor,
            $"{(id is null ? "Created" : "Changed")} {name}: {department.TimeZoneId}, hours {department.SendingHours.Describe()}, HELP reply {(department.HelpText is null ? "default" : "set")}, marketing {(department.MarketingNeedsRecordedConsent ? "needs recorded consent" : "allowed unless opted out")}",
            (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime, department.Id);
        await db.SaveChangesAsync(cancellationToken);
        return department.Id;
    }
}

using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Customers;

/// <summary>
/// One customer per number, but departments keep to themselves: a department that shares a customer with another sees
/// who they are, their number and whether they may be texted, never the record's other fields, and cannot change it.
/// </summary>
internal static class CustomerWalls
{
    /// <summary>True when the customer also talks to a department outside <paramref name="scope"/> (never for admins or all-department keys).</summary>
    public static async Task<bool> SharedBeyondAsync(PortalDbContext db, DepartmentScope scope, Guid customerId, CancellationToken cancellationToken) =>
        (await SharedBeyondAsync(db, scope, [customerId], cancellationToken)).Count > 0;

    /// <summary>Which of <paramref name="customerIds"/> also talk to a department outside <paramref name="scope"/>, in one query.</summary>
    public static async Task<HashSet<Guid>> SharedBeyondAsync(PortalDbContext db, DepartmentScope scope, IReadOnlyList<Guid> customerIds, CancellationToken cancellationToken)
    {
        if (scope.AllDepartments || customerIds.Count == 0)
        {
            return [];
        }

        var mine = scope.DepartmentIds.ToList();
        return [.. await db.Threads.Where(t => customerIds.Contains(t.CustomerId) && !mine.Contains(t.DepartmentId))
            .Select(t => t.CustomerId).Distinct().ToListAsync(cancellationToken)];
    }

    /// <summary>What a department sharing the customer sees of the record.</summary>
    public static Customer AsShared(Customer customer) => new()
    {
        Id = customer.Id,
        CreatedAt = customer.CreatedAt,
        UpdatedAt = customer.UpdatedAt,
        FirstName = customer.FirstName,
        LastName = customer.LastName,
        Phone = customer.Phone,
        PreferredChannel = customer.PreferredChannel,
        Consent = customer.Consent,
        ConsentChangedAt = customer.ConsentChangedAt,
        ConsentSource = customer.ConsentSource,
        TimeZoneId = customer.TimeZoneId,
        Region = customer.Region,
        IsUnknownContact = customer.IsUnknownContact,
    };

    public const string SharedRefusal = "This customer also talks to a department outside your reach: their record is changed by an admin, or by a department that has them alone.";
}

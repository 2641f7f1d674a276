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
    public static async Task<bool> SharedBeyondAsync(PortalDbContext db, DepartmentScope scope, Guid customerId, CancellationToken cancellationToken)
    {
        if (scope.AllDepartments)
        {
            return false;
        }

        var mine = scope.DepartmentIds.ToList();
        return await db.Threads.AnyAsync(t => t.CustomerId == customerId && !mine.Contains(t.DepartmentId), cancellationToken);
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
        IsUnknownContact = customer.IsUnknownContact,
    };

    public const string SharedRefusal = "This customer also talks to a department outside your reach: their record is changed by an admin, or by a department that has them alone.";
}

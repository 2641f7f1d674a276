using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Customers;

/// <summary>
/// Customers visible to a user: those with a thread in one of the user's departments, and those not yet in any thread.
/// </summary>
public interface ICustomerService
{
    Task<PagedResult<CustomerListItem>> SearchAsync(DepartmentScope scope, string? query, int page, int pageSize, CancellationToken cancellationToken = default);

    Task<AccessResult<CustomerDetail>> GetAsync(DepartmentScope scope, Guid customerId, CancellationToken cancellationToken = default);

    /// <exception cref="ValidationException">An invalid phone number or a department outside the scope.</exception>
    Task<Guid> CreateAsync(DepartmentScope scope, CustomerInput input, Actor actor, CancellationToken cancellationToken = default);

    Task UpdateAsync(DepartmentScope scope, Guid customerId, CustomerInput input, CancellationToken cancellationToken = default);

    /// <summary>Other customers with this number: to offer the existing record, and to say when the number has opted out.</summary>
    Task<IReadOnlyList<PhoneMatch>> FindByPhoneAsync(DepartmentScope scope, string? phone, Guid? except = null, CancellationToken cancellationToken = default);
}

/// <param name="Visible">Whether the user may open that customer.</param>
public sealed record PhoneMatch(Guid Id, string Name, bool OptedOut, bool Visible);

public static class PhoneMatches
{
    /// <summary>The one that opted the number out, if any.</summary>
    public static PhoneMatch? OptedOut(this IEnumerable<PhoneMatch> matches) => matches.FirstOrDefault(m => m.OptedOut);
}

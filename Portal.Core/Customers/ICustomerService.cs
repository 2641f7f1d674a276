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
}

using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Security;

namespace Portal.Core.Consent;

/// <summary>Consent recorded on someone's word (an integration, a signed form), for the customer's number, with the reason kept as its source.</summary>
public interface IConsentRecorder
{
    /// <exception cref="ValidationException">No reason, or a status other than opted in or out.</exception>
    /// <exception cref="AccessDeniedException">A customer only of departments outside the scope.</exception>
    /// <exception cref="NotFoundException">No such customer, or one without a number.</exception>
    Task RecordAsync(DepartmentScope scope, Guid customerId, ConsentStatus status, string? reason, Actor actor, CancellationToken cancellationToken = default);
}

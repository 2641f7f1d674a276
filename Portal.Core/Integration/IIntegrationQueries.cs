using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Core.Threads;

namespace Portal.Core.Integration;

public sealed record ApiThread(Guid Id, Guid DepartmentId, Guid CustomerId, string CustomerName, string? CustomerPhone, ThreadStatus Status,
    DateTime LastActivityAt, DateTime? LastInboundAt, string LastMessagePreview, Guid? AssigneeId);

/// <summary>What the integration API reads (and the customer it may create by number); reads are limited to the caller's departments.</summary>
public interface IIntegrationQueries
{
    /// <exception cref="AccessDeniedException">The department is outside the scope.</exception>
    Task<PagedResult<ApiThread>> ThreadsAsync(DepartmentScope scope, Guid departmentId, ThreadStatus? status, DateTime? updatedSince, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>A thread's messages, oldest first.</summary>
    Task<AccessResult<PagedResult<Message>>> MessagesAsync(DepartmentScope scope, Guid threadId, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>One message, if its conversation is in the scope.</summary>
    Task<AccessResult<Message>> MessageAsync(DepartmentScope scope, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>A message already sent with this idempotency key, if any, and the customer of its thread.</summary>
    Task<(Message Message, Guid CustomerId, Guid DepartmentId)?> FindByIdempotencyKeyAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// These customers, in the order given, each as <paramref name="scope"/> may see them: in full, or (when they also talk
    /// to a department outside it) their name, number and consent only. The caller has checked they are in reach.
    /// </summary>
    Task<IReadOnlyList<Customers.Customer>> CustomersAsync(Security.DepartmentScope scope, IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default);

    /// <summary>Whether a text to this customer would be refused for consent (their number opted out on any record).</summary>
    Task<bool> IsOptedOutAsync(Guid customerId, CancellationToken cancellationToken = default);

    /// <summary>The customer with this number (E.164), the oldest record if several; a new one, known only by the number, if none.</summary>
    /// <summary>A department the key may use and that exists; otherwise 403 or 404 (a key for every department allows ids that name nothing).</summary>
    /// <exception cref="Common.AccessDeniedException">Outside the key's departments.</exception>
    /// <exception cref="Common.NotFoundException">No such department.</exception>
    Task EnsureDepartmentAsync(DepartmentScope scope, Guid departmentId, CancellationToken cancellationToken = default);

    Task<Guid> FindOrCreateCustomerAsync(string e164, CancellationToken cancellationToken = default);

    /// <summary>The customer with this number (one per number), without creating one.</summary>
    Task<Guid?> FindCustomerAsync(string e164, CancellationToken cancellationToken = default);
}

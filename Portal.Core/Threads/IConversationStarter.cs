using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Threads;

/// <summary>
/// Starting a conversation from the inbox: with a customer picked from a search, or with a number, which finds the
/// customer who has it (there is one per number) before it ever creates one.
/// </summary>
public interface IConversationStarter
{
    /// <exception cref="ValidationException">No customer or number, an invalid number, or a new customer without a first name.</exception>
    /// <exception cref="AccessDeniedException">A department the user is not in.</exception>
    Task<StartedConversation> StartAsync(DepartmentScope scope, NewConversation request, Actor actor, CancellationToken cancellationToken = default);
}

/// <param name="CustomerId">A customer picked from the search; else <paramref name="Phone"/> decides.</param>
/// <param name="FirstName">For a number nobody has yet: the new customer's name.</param>
public sealed record NewConversation(Guid DepartmentId, Guid? CustomerId = null, string? Phone = null, string? FirstName = null, string? LastName = null);

/// <param name="FoundByNumber">The number was already a customer's, whose conversation this is.</param>
public sealed record StartedConversation(Guid ThreadId, Guid CustomerId, string CustomerName, bool NewCustomer, bool FoundByNumber);

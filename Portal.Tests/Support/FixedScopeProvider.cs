using System.Security.Claims;
using Portal.Core.Abstractions;
using Portal.Core.Security;

namespace Portal.Tests.Support;

/// <summary>For component tests of pages that read the signed-in user's scope: the scope is the test's, whoever signs in.</summary>
public sealed class FixedScopeProvider(DepartmentScope scope) : IDepartmentScopeProvider
{
    public Task<DepartmentScope> GetScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) => Task.FromResult(scope);

    public Task<DepartmentScope> GetScopeForUserAsync(Guid userId, CancellationToken cancellationToken = default) => Task.FromResult(scope);
}

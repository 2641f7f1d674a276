using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Realtime;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Security;

/// <summary>
/// Users whose access changed while this instance runs (heard on every instance, through the Redis relay when scaled
/// out). Their requests are checked against the database at once instead of at the next periodic stamp check, so a
/// locked or removed user's cookie stops working the moment the change commits.
/// </summary>
public sealed class SessionRevocations(IConversationEventSource events) : IHostedService
{
    private readonly ConcurrentDictionary<Guid, byte> changed = new();
    private IDisposable? subscription;

    public bool Concerns(Guid userId) => changed.ContainsKey(userId);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = events.Subscribe(e =>
        {
            if (e.Kind == ConversationEventKind.AccessChanged && e.UserId is { } userId)
            {
                changed[userId] = 0;
            }

            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Null when the user may go on; otherwise why their session ended.</summary>
    public static async Task<string?> WhyEndedAsync(UserManager<PortalUser> users, Guid userId)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        return user is null ? "removed" : await users.IsLockedOutAsync(user) ? "locked" : null;
    }

    /// <summary>Runs before Identity's own periodic check: a changed user who is now locked or removed is signed out.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context, Func<CookieValidatePrincipalContext, Task> identityCheck)
    {
        var revocations = context.HttpContext.RequestServices.GetRequiredService<SessionRevocations>();
        if (Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) && revocations.Concerns(userId)
            && await WhyEndedAsync(context.HttpContext.RequestServices.GetRequiredService<UserManager<PortalUser>>(), userId) is not null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await identityCheck(context);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Portal.Infrastructure.Assignment;

namespace Portal.Web.Realtime;

/// <summary>
/// A signed-in user's open page counts them present while its connection is up: a laptop that sleeps or loses the network
/// is not given new conversations until it is back. One per circuit.
/// </summary>
public sealed class PresenceCircuitHandler(AuthenticationStateProvider authentication, LocalUserPresence presence) : CircuitHandler
{
    private Guid? userId;
    private bool counted;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        userId ??= await SignedInUserAsync();
        if (userId is { } id && !counted)
        {
            counted = true;
            presence.Connect(id);
        }
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Release();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Release();
        return Task.CompletedTask;
    }

    private void Release()
    {
        if (userId is { } id && counted)
        {
            counted = false;
            presence.Disconnect(id);
        }
    }

    private async Task<Guid?> SignedInUserAsync()
    {
        try
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;
            return Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        }
        catch (InvalidOperationException)
        {
            // No authentication state on this circuit (a page outside the app's layout): nobody to count.
            return null;
        }
    }
}

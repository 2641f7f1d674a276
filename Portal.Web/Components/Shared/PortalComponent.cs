
namespace Portal.Web.Components.Shared;

/// <summary>
/// Base of the pages and components that act for a user. An action the domain refuses (not possible now, gone, not
/// this user's department, an invalid field) is told in a snackbar instead of ending the circuit with an error page.
/// </summary>
public abstract class PortalComponent : ComponentBase
{
    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    /// <summary>Runs <paramref name="action"/>; true when it completed, false (and the reason shown) when the domain refused it.</summary>
    protected async Task<bool> RunAsync(Func<Task> action, Severity refusal = Severity.Error)
    {
        try
        {
            await action();
            return true;
        }
        catch (DomainException e)
        {
            Snackbar.Add(Describe(e), refusal);
            return false;
        }
    }

    /// <summary>What a refusal says to a person: a validation's every message, or the refusal's own.</summary>
    public static string Describe(DomainException refusal) =>
        refusal is ValidationException validation ? string.Join(" ", validation.Errors.Values.SelectMany(v => v)) : refusal.Message;
}

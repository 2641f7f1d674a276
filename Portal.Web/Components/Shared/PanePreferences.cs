
namespace Portal.Web.Components.Shared;

/// <summary>Which panes a user folded away, kept in their browser under their user id (see preferences.js).</summary>
public static class PanePreferences
{
    public static async Task<string?> GetPaneAsync(this IJSRuntime js, Guid userId, string pane)
    {
        try
        {
            return await js.InvokeAsync<string?>("portalPanes.get", userId, pane);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            return null;
        }
    }

    public static async Task SetPaneAsync(this IJSRuntime js, Guid userId, string pane, string value)
    {
        try
        {
            await js.InvokeVoidAsync("portalPanes.set", userId, pane, value);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // The choice lasts this page.
        }
    }
}

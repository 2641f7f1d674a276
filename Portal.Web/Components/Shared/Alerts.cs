namespace Portal.Web.Components.Shared;

/// <summary>The opt-in tone and desktop notification (the bell in the conversation list turns them on; see preferences.js).</summary>
public static class Alerts
{
    public static async Task AnnounceAsync(this IJSRuntime js, string title, string body, string url)
    {
        try
        {
            await js.InvokeAsync<bool>("portalAlerts.announce", title, body.Length <= 120 ? body : body[..119] + "…", url);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // A page that is closing or reconnecting makes no sound; the toast and the count still tell.
        }
    }
}

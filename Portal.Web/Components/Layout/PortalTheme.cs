using MudBlazor;

namespace Portal.Web.Components.Layout;

public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            Secondary = "#00897b",
            AppbarBackground = "#1f3b5c",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6ea8fe",
            Secondary = "#4db6ac",
        },
    };
}

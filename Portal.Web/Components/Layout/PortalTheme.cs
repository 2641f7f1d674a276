
namespace Portal.Web.Components.Layout;

public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            // Every colour that carries text reaches WCAG AA (4.5:1) on white and on a hovered row (axe checks it).
            Primary = "#1f5fa8",
            Secondary = "#00695c",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#9a5700",
            Error = "#c62828",
            TextSecondary = "rgba(0,0,0,0.64)",
            AppbarBackground = "#1f3b5c",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6ea8fe",
            Secondary = "#4db6ac",
        },
    };
}

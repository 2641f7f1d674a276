using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Core.Customers;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The harness MudBlazor uses for its own tests: Mud services, loose JS interop, and the popover provider rendered
/// so menus and selects can open. The context is disposed asynchronously, as some Mud services require.
/// </summary>
public abstract class PortalComponentTest : IAsyncLifetime
{
    protected PortalComponentTest()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(new PhoneNumberNormalizer("US"));
        Services.AddSingleton(TimeProvider.System);
    }

    protected BunitContext Context { get; } = new();

    protected IServiceCollection Services => Context.Services;

    protected IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent => Context.Render(parameters);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await Context.DisposeAsync();

    protected IRenderedComponent<MudPopoverProvider> RenderProviders() => Render<MudPopoverProvider>();

    /// <summary>The input a MudBlazor field labelled <paramref name="label"/> renders.</summary>
    protected static IElement InputLabelled<T>(IRenderedComponent<T> cut, string label)
        where T : IComponent
    {
        var element = cut.FindAll("label").FirstOrDefault(l => l.TextContent.Trim().TrimEnd('*').Trim() == label)
            ?? throw new InvalidOperationException($"No label '{label}' in:\n{cut.Markup}");
        return cut.Find($"#{element.GetAttribute("for")}");
    }
}

using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Sending;
using Portal.Core.Templates;
using Portal.Core.Threads;
using Portal.Infrastructure.Media;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Sending;
using Portal.Infrastructure.Templates;
using Portal.Infrastructure.Threads;
using Portal.Tests.Support;

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
        Services.AddSingleton<Portal.Core.Providers.IProviderCatalog>(TestProviders.Catalog);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddScoped<Portal.Web.Components.Layout.UnreadTally>();
        Services.AddScoped<Portal.Web.Components.Pages.Inbox.ComposerHandoff>();
    }

    protected BunitContext Context { get; } = new();

    /// <summary>The components' clock, at a fixed instant unless the test registers its own.</summary>
    protected HostClock Clock { get; } = new();

    protected IServiceCollection Services => Context.Services;

    /// <summary>Who has the portal open, as automatic assignment sees it.</summary>
    protected Portal.Infrastructure.Assignment.LocalUserPresence Presence { get; } = new();

    protected IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent => Context.Render(parameters);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        Clock.Dispose();
    }

    /// <summary>The popover host, rendered as on a live circuit (what ThreadView and the layout's parts expect).</summary>
    protected IRenderedComponent<MudPopoverProvider> RenderProviders()
    {
        Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Render<MudPopoverProvider>();
    }

    /// <summary>The app's real services over a test database; jobs are recorded, not run.</summary>
    protected RecordingJobScheduler AddPortalServices(TestDatabase database, TimeProvider? clock = null)
    {
        clock ??= Clock;
        var jobs = new RecordingJobScheduler();
        var notifier = new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance);
        var urls = Options.Create(new PublicUrlOptions { PublicBaseUrl = "https://portal.example.com" });
        Services.AddSingleton<IJobScheduler>(jobs);
        Services.AddSingleton<IConversationNotifier>(notifier);
        Services.AddSingleton<IConversationEventSource>(notifier);
        Services.AddSingleton<IInboxQueries>(new InboxQueries(database));
        Services.AddSingleton<ISavedViews>(new SavedViews(database, new InboxQueries(database)));
        var store = TestProviders.Store(database);
        Services.AddSingleton<IThreadService>(new ThreadService(database, store, notifier, clock));
        Services.AddSingleton<IOutboundMessageService>(new OutboundMessageService(database, store, jobs, notifier, clock, NullLogger<OutboundMessageService>.Instance));
        Services.AddSingleton<Portal.Core.Consent.IOptOutLineHistory>(new Portal.Infrastructure.Consent.OptOutLineHistory(database, clock));
        Services.AddSingleton<IInboundMessageService>(new Portal.Infrastructure.Inbound.InboundMessageService(TestProviders.Writer(database, jobs, notifier)));
        Services.AddSingleton<ITemplateService>(new TemplateService(database));
        Services.AddSingleton<IMediaStore>(new MediaStore(database, DataProtectionProvider.Create("portal-tests"), urls, clock));
        Services.AddSingleton<Portal.Core.Audit.IAuditTrail>(new Portal.Infrastructure.Audit.AuditTrail(database));
        Services.AddSingleton<Portal.Core.Labels.ILabelService>(new Portal.Infrastructure.Labels.LabelService(database, notifier, clock));
        var presence = new Portal.Infrastructure.Presence.ConversationPresence(notifier, notifier, clock);
        presence.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        Services.AddSingleton<Portal.Core.Presence.IConversationPresence>(presence);
        var assigner = TestProviders.Assigner(database, notifier, Presence, clock);
        Services.AddSingleton(assigner);
        Services.AddSingleton<Portal.Core.Assignment.ITeamSettings>(new Portal.Infrastructure.Assignment.TeamSettings(database, Presence, assigner, notifier, new TemplateService(database), clock));
        return jobs;
    }

    /// <summary>The input a MudBlazor field labelled <paramref name="label"/> renders.</summary>
    protected static IElement InputLabelled<T>(IRenderedComponent<T> cut, string label)
        where T : IComponent
    {
        var element = cut.FindAll("label").FirstOrDefault(l => l.TextContent.Trim().TrimEnd('*').Trim() == label)
            ?? throw new InvalidOperationException($"No label '{label}' in:\n{cut.Markup}");
        return cut.Find($"#{element.GetAttribute("for")}");
    }
}

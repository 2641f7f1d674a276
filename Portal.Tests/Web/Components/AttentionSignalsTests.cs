using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Common;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Layout;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

/// <summary>On every page: the unread count for the tab title, and a toast when a colleague assigns this user a conversation.</summary>
public sealed class AttentionSignalsTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        AddPortalServices(f.Database);
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(f.SalesScope));
        Services.AddScoped<UserContext>();
        Context.AddAuthorization().SetAuthorized("Sam Sales").SetRoles(Roles.Staff);
        Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task A_colleague_assigning_a_conversation_is_announced_and_the_count_follows_reads_in_other_tabs()
    {
        var tally = Context.Services.GetRequiredService<UnreadTally>();
        var threads = Context.Services.GetRequiredService<IThreadService>();
        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();
        var cut = Render<AttentionSignals>();
        Assert.Equal(1, tally.Unread);

        await threads.AssignAsync(f.AdminScope, f.BenSales.Id, f.SalesRep.Id, new Actor(Guid.NewGuid(), "Nyasia Mills"));

        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message == "Nyasia Mills assigned you Ben Okafor"), TimeSpan.FromSeconds(5));
        Assert.Equal(2, await Eventually.ValueAsync(() => Task.FromResult(tally.Unread), n => n == 2, TimeSpan.FromSeconds(5)));

        // Read on another tab or device: this page's count follows.
        await threads.MarkReadAsync(f.SalesScope, f.AnaSales.Id);
        await threads.MarkReadAsync(f.SalesScope, f.BenSales.Id);
        Assert.Equal(0, await Eventually.ValueAsync(() => Task.FromResult(tally.Unread), n => n == 0, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Taking_a_conversation_oneself_or_anothers_assignment_says_nothing()
    {
        var thread = new ThreadSnapshot(f.BenSales.Id, f.Sales.Id, ThreadStatus.Open, f.SalesRep.Id, InboxFixture.Now, null, "", null, new CustomerSnapshot(f.Ben.Id, "Ben Okafor", f.Ben.Phone));
        var assigned = new ConversationEvent(ConversationEventKind.ThreadUpdated, f.Sales.Id, f.BenSales.Id) { Thread = thread, Change = ThreadChange.Assigned, ActorName = "Nyasia Mills" };

        Assert.Equal("Nyasia Mills assigned you Ben Okafor", AttentionSignals.AssignedByColleague(assigned, f.SalesRep.Id));
        Assert.Null(AttentionSignals.AssignedByColleague(assigned with { ActorUserId = f.SalesRep.Id }, f.SalesRep.Id));
        Assert.Null(AttentionSignals.AssignedByColleague(assigned, Guid.NewGuid()));
        Assert.Null(AttentionSignals.AssignedByColleague(assigned with { Change = ThreadChange.Closed }, f.SalesRep.Id));
    }
}

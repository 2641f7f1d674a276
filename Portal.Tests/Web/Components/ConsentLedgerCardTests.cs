using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Consent;
using Portal.Core.Security;
using Portal.Infrastructure.Consent;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Customers;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class ConsentLedgerCardTests : PortalComponentTest
{
    private InboxFixture f = default!;
    private int recorded;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        AddPortalServices(f.Database);
        Services.AddSingleton<IConsentRecorder>(sp => new ConsentRecorder(f.Database, sp.GetRequiredService<Portal.Core.Realtime.IConversationNotifier>(), Clock));
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(f.SalesScope));
        Services.AddScoped<UserContext>();
        Context.AddAuthorization().SetAuthorized("Sam Sales").SetRoles(Roles.Staff);
        RenderProviders();
        await f.Database.SeedAsync(DataBuilder.Stop(f.Ana.Phone!, Clock.GetUtcNow().UtcDateTime.AddDays(-2)));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    private async Task<IRenderedComponent<ConsentLedgerCard>> RenderCardAsync()
    {
        await using var db = f.Database.CreateDbContext();
        var entries = await db.ConsentEntries.Where(e => e.Number == f.Ana.Phone).OrderByDescending(e => e.ActedAt).ToListAsync();
        return Render<ConsentLedgerCard>(p => p
            .Add(c => c.CustomerId, f.Ana.Id).Add(c => c.Number, "(312) 555-0101").Add(c => c.Entries, entries).Add(c => c.TimeZoneId, "America/Chicago")
            .Add(c => c.Recorded, () => recorded++));
    }

    [Fact]
    public async Task The_ledger_lists_each_entry_with_how_and_who_and_offers_the_export()
    {
        var cut = await RenderCardAsync();

        var row = Assert.Single(cut.FindAll("[data-testid=consent-entry]"));
        Assert.Contains("Opted out", row.TextContent);
        Assert.Contains("Keyword · Texted “STOP”", row.TextContent);
        Assert.Contains("The customer", row.TextContent);
        Assert.Equal($"/customers/{f.Ana.Id}/consent.csv", cut.Find("[data-testid=consent-export]").GetAttribute("href"));
    }

    [Fact]
    public async Task Staff_are_told_why_they_cannot_opt_a_stopped_number_back_in_and_can_record_an_opt_out()
    {
        var cut = await RenderCardAsync();
        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();

        InputLabelled(cut, "How the customer gave or withdrew consent").Change("signed the form today");
        cut.Find("[data-testid=record-opt-in]").Click();
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("Only the customer can opt back in") == true));
        Assert.Equal(0, recorded);

        InputLabelled(cut, "How the customer gave or withdrew consent").Change("asked us on the phone not to text");
        cut.Find("[data-testid=record-opt-out]").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, recorded));
        await using var db = f.Database.CreateDbContext();
        Assert.Equal(2, await db.ConsentEntries.CountAsync(e => e.Number == f.Ana.Phone));
        Assert.Equal("Sam Sales", (await db.ConsentEntries.SingleAsync(e => e.Source == ConsentSource.Staff)).RecordedBy);
    }
}

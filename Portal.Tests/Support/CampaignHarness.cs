using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Infrastructure.Campaigns;
using Portal.Infrastructure.Templates;

namespace Portal.Tests.Support;

/// <summary>
/// The campaign service and runner over the real sending harness (SQLite file, Surge adapter over real HTTP to a fake
/// Surge), with a number of leads in the department. The test plays the job server: it calls the runner's steps and
/// moves the fake clock to each next batch.
/// </summary>
internal sealed partial class CampaignHarness : IAsyncDisposable
{
    private CampaignHarness(FakeProviderServer surge, SendingHarness sending)
    {
        Surge = surge;
        H = sending;
    }

    public FakeProviderServer Surge { get; }
    public SendingHarness H { get; }
    public List<Customer> Leads { get; } = [];
    public CampaignOptions Options { get; } = new() { Tick = TimeSpan.FromSeconds(1) };
    public CampaignProgressReader Progress { get; private set; } = default!;
    public CampaignService Service { get; private set; } = default!;
    public DepartmentScope Manager { get; private set; } = default!;

    public static async Task<CampaignHarness> CreateAsync(int leads = 10)
    {
        var surge = await FakeProviderServer.SurgeAcceptingAsync();
        var harness = new CampaignHarness(surge, await SendingHarness.CreateAsync(SurgeModule.Kind, surge.BaseUrl));
        await harness.InitializeAsync(leads);
        return harness;
    }

    private async Task InitializeAsync(int leads)
    {
        for (var i = 0; i < leads; i++)
        {
            Leads.Add(new Customer
            {
                FirstName = $"Lead{i:D3}",
                LastName = "Test",
                Phone = $"+1{(i < 100 ? "773" : "872")}55501{i % 100:D2}",
                Tags = ["spring-event"],
                Lead = new LeadProfile { VehicleOfInterest = i % 2 == 0 ? "2025 RAV4" : "2025 Camry", ProcessStatus = "New" },
            });
        }

        await H.Database.SeedAsync([.. Leads]);
        Manager = DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [H.Department.Id]);
        Progress = new CampaignProgressReader(H.Database);
        Service = new CampaignService(H.Database, new TemplateService(H.Database), TestProviders.Catalog, new PhoneNumberNormalizer("US"), H.Jobs, H.Notifier,
            Progress, Microsoft.Extensions.Options.Options.Create(Options), H.Clock, NullLogger<CampaignService>.Instance);
    }

    public SenderPace Pace { get; } = new();

    public CampaignRunner Runner() => new(H.Database, [new SurgeProvider(H.Http)], H.Store, H.Jobs, H.Notifier, Progress, Pace, H.Recorder,
        Microsoft.Extensions.Options.Options.Create(H.Options), Microsoft.Extensions.Options.Options.Create(Options), TestProviders.Telemetry, H.Clock, NullLogger<CampaignRunner>.Instance);

    /// <summary>A campaign for the leads (tag spring-event), without the "recently contacted" rules unless given.</summary>
    public CampaignInput Input(string body = "Hi {{ customer.first_name | default: \"there\" }}, the {{ lead.vehicle }} is in.", int perMinute = 600, CampaignAudience? audience = null) => new()
    {
        Name = "Spring event",
        DepartmentId = H.Department.Id,
        Variants = [new VariantInput { Body = body, Percent = 100 }],
        Audience = audience ?? new CampaignAudience { Tags = ["spring-event"], ExcludeContactedWithinDays = null, ExcludeActiveConversationWithinHours = null },
        MessagesPerMinute = perMinute,
    };

    public async Task<Guid> ScheduleAsync(CampaignInput? input = null)
    {
        var id = await Service.SaveDraftAsync(Manager, null, input ?? Input(), H.Actor);
        await Service.ScheduleAsync(Manager, id, H.Actor);
        return id;
    }

    /// <summary>Runs the campaign step by step, moving the clock to each next batch, until it completes or stops (at most <paramref name="steps"/>).</summary>
    public async Task<List<CampaignRunner.CampaignStep>> DrainAsync(Guid campaignId, CampaignRunner? runner = null, int steps = 500)
    {
        runner ??= Runner();
        var taken = new List<CampaignRunner.CampaignStep>();
        for (var i = 0; i < steps; i++)
        {
            var step = await runner.StepAsync(campaignId);
            taken.Add(step);
            if (step.Outcome is CampaignRunOutcome.Completed or CampaignRunOutcome.NotRunning)
            {
                break;
            }

            var now = H.Clock.GetUtcNow().UtcDateTime;
            if (step.NextBatchAt > now)
            {
                H.Clock.Advance(step.NextBatchAt - now);
            }
        }

        return taken;
    }

    /// <summary>The numbers Surge was asked to text, one entry per request (JSON escapes the plus sign, so digits are matched).</summary>
    public List<string> TextedNumbers() =>
        [.. Surge.Sends().Select(r => Phone().Match(r.Body)).Where(m => m.Success).Select(m => "+" + m.Value)];

    public async Task<List<Message>> MessagesAsync(Guid campaignId)
    {
        await using var db = H.Database.CreateDbContext();
        return await db.Messages.AsNoTracking().Where(m => m.CampaignId == campaignId).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await H.DisposeAsync();
        await Surge.DisposeAsync();
    }

    [GeneratedRegex(@"1(773|872)55501\d\d")]
    private static partial Regex Phone();
}

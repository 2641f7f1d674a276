using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Portal.Core.Customers;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Telemetry;
using Portal.Infrastructure.ProviderWebhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The app with an in-memory span exporter, an API key for Sales, a Surge account pointing at a fake Surge server, and
/// the clock at 15:00 in Chicago on a Monday (inside sending hours). No job server: the tests run the send job.
/// </summary>
public sealed class TelemetryHost : IAsyncLifetime
{
    public const string ScrapeToken = "prometheus-scrape-0123456789";

    public static readonly Guid SurgeId = Guid.Parse("7c1e9d42-3a5b-4c6d-8e7f-9a0b1c2d3e4f");
    public const string ApiKey = "dcp_test_telemetry_0123456789abcdef";
    public const string SurgeSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-telemetry-{Guid.NewGuid():N}.db");

    public FakeProviderServer Surge { get; private set; } = default!;
    public ConcurrentCollection<Activity> Spans { get; } = new();
    public PortalFactory Factory { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Surge = await FakeProviderServer.SurgeAcceptingAsync();
        Factory = new Host(databasePath, Spans, new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = ConfiguredAccounts.PublicBase,
            ["Portal:ApiKeys:0:Name"] = "Sales DMS",
            ["Portal:ApiKeys:0:Key"] = ApiKey,
            ["Portal:ApiKeys:0:Departments"] = "Sales",
            ["Portal:ProviderAccounts:0:Id"] = SurgeId.ToString(),
            ["Portal:ProviderAccounts:0:Kind"] = "Surge",
            ["Portal:ProviderAccounts:0:Name"] = "Surge (telemetry)",
            ["Portal:ProviderAccounts:0:Department"] = "Sales",
            ["Portal:ProviderAccounts:0:BaseUrl"] = Surge.BaseUrl,
            // The account the inbound payloads of InboundWebhookHost.SurgeReceived name.
            ["Portal:ProviderAccounts:0:AccountId"] = "acct_odd",
            ["Portal:ProviderAccounts:0:FromNumber"] = "+13125550100",
            ["Portal:ProviderAccounts:0:ApiToken"] = "token-from-config",
            ["Portal:ProviderAccounts:0:SigningKey"] = SurgeSecret,
            ["Portal:ProviderAccounts:0:Default"] = "true",
            ["Portal:Metrics:ScrapeToken"] = ScrapeToken,
        });
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Surge.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    public HttpClient ApiClient()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>Queues a text to a Sales customer through the API, then runs its send job as the job server would.</summary>
    public async Task<(Guid MessageId, string RequestPath)> SendThroughApiAsync(string body)
    {
        var (sales, customer) = await Factory.QueryAsync(async db =>
        {
            var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var customer = await db.Threads.Where(t => t.DepartmentId == sales.Id && t.Customer!.Consent != ConsentStatus.OptedOut && t.Customer.Phone != null && t.Customer.Phone.StartsWith("+1"))
                .Select(t => t.CustomerId).FirstAsync();
            return (sales.Id, customer);
        });
        var path = $"/api/v1/departments/{sales}/customers/{customer}/messages";
        var response = await ApiClient().PostAsJsonAsync(path, new { body });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messageId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        using var scope = Factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SendMessageJob>().RunAsync(messageId, CancellationToken.None);
        return (messageId, path);
    }

    public async Task<HttpResponseMessage> PostSurgeWebhookAsync(bool signed)
    {
        var id = $"msg_{Guid.NewGuid():N}";
        var now = Factory.Clock.GetUtcNow();
        var bytes = Encoding.UTF8.GetBytes(InboundWebhookHost.SurgeReceived(id, "+13125550142", "Is the truck still there?", now.ToString("o")));
        var at = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/surge/{SurgeId}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToString());
        request.Headers.Add("webhook-signature", signed ? StandardWebhookSignature.Sign(SurgeSecret, id, at, bytes) : "v1,AAAA");
        return await Factory.CreateClient().SendAsync(request);
    }

    private sealed class Host(string databasePath, ICollection<Activity> spans, IDictionary<string, string?> settings)
        : PortalFactory(databasePath, settings, clockStart: SendingHarness.Start)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
                // The exporter answers a scrape within 300 ms of another from its cache; each test here scrapes what it just did.
                services.Configure<OpenTelemetry.Exporter.PrometheusAspNetCoreOptions>(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        }
    }
}

/// <summary>
/// Meter listeners are process-wide: a meter provider hears every host's "Portal" meter, and loses an instrument it
/// shares with another host when that host stops. These tests run on their own, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(ProcessWideMeters), DisableParallelization = true)]
public sealed class ProcessWideMeters;

[Collection(nameof(ProcessWideMeters))]
public sealed class TelemetryTests(TelemetryHost host) : IClassFixture<TelemetryHost>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private PortalFactory Factory => host.Factory;

    private Meter PortalMeter => Factory.Services.GetRequiredService<PortalTelemetry>().Meter;

    [Fact]
    public async Task An_api_send_its_job_and_the_provider_call_are_one_trace()
    {
        var (messageId, path) = await host.SendThroughApiAsync("Your car is ready for pickup.");

        // The server span ends just after the response is written, which the client may see first.
        Activity? request = null;
        Assert.True(SpinWait.SpinUntil(() => (request = host.Spans.FirstOrDefault(a => a.Kind == ActivityKind.Server && a.GetTagItem("url.path") as string == path)) is not null, Patience),
            "The API request's span was not exported.");
        var send = Assert.Single(host.Spans, a => a.OperationName == PortalTelemetry.SendSpan && a.GetTagItem("portal.message.id")?.ToString() == messageId.ToString());
        var call = Assert.Single(host.Spans, a => a.Kind == ActivityKind.Client && a.Source.Name == "System.Net.Http" && a.ParentSpanId == send.SpanId);

        Assert.Equal(request!.TraceId, send.TraceId);
        Assert.Equal(request.SpanId, send.ParentSpanId);
        Assert.Equal(send.TraceId, call.TraceId);
        Assert.StartsWith(host.Surge.BaseUrl, call.GetTagItem("url.full") as string);
        Assert.Equal("surge", send.GetTagItem("portal.provider"));
        Assert.Equal("accepted", send.GetTagItem("portal.send.outcome"));
        // The provider saw the same trace, carried in the traceparent header.
        var received = Assert.Single(host.Surge.Sends(), r => r.Body.Contains(messageId.ToString()));
        Assert.Contains(send.TraceId.ToHexString(), received.Headers.GetValueOrDefault("traceparent") ?? "");
    }

    [Fact]
    public async Task A_send_moves_the_sends_counter_for_its_provider_and_outcome()
    {
        using var recorder = new MeasurementRecorder(PortalMeter, "portal.sends");

        await host.SendThroughApiAsync("Your service appointment is confirmed.");

        Assert.Equal(1, recorder.Total("portal.sends", ("provider", "surge"), ("outcome", "accepted")));
    }

    [Fact]
    public async Task Webhooks_are_counted_by_provider_and_result()
    {
        using var recorder = new MeasurementRecorder(PortalMeter, "portal.webhooks.received");

        var accepted = await host.PostSurgeWebhookAsync(signed: true);
        var refused = await host.PostSurgeWebhookAsync(signed: false);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, recorder.Total("portal.webhooks.received", ("provider", "surge"), ("result", "accepted")));
        Assert.Equal(1, recorder.Total("portal.webhooks.received", ("provider", "surge"), ("result", "unauthorized")));
    }

    [Fact]
    public async Task The_metrics_endpoint_is_for_administrators_only()
    {
        await host.SendThroughApiAsync("Thanks for visiting!");
        var staff = await Factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);
        var admin = await Factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var anonymous = await Factory.CreateBrowserLikeClient().GetAsync("/metrics");
        var keyClient = Factory.CreateBrowserLikeClient();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TelemetryHost.ApiKey);
        var withKey = await keyClient.GetAsync("/metrics");
        var forStaff = await staff.GetAsync("/metrics");
        var forAdmin = await admin.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, forStaff.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", forStaff.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, forAdmin.StatusCode);
        var text = await forAdmin.Content.ReadAsStringAsync();
        Assert.Contains("portal_sends_total{", text);
        Assert.Contains("portal_scheduled_depth{", text);
        Assert.Contains("portal_circuits_open", text);
        Assert.Matches("portal_waiting_conversations\\{[^}]*department=\"Service\"", text);
        Assert.Matches("portal_waiting_oldest_seconds\\{[^}]*department=\"Service\"", text);
    }

    [Theory]
    [InlineData(TelemetryHost.ScrapeToken, HttpStatusCode.OK)]
    [InlineData("prometheus-scrape-wrong", HttpStatusCode.Redirect)]
    [InlineData("", HttpStatusCode.Redirect)]
    public async Task A_scraper_reads_the_metrics_with_the_configured_token_and_only_with_it(string token, HttpStatusCode expected)
    {
        var scraper = Factory.CreateBrowserLikeClient();
        scraper.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        var response = await scraper.GetAsync("/metrics");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains("portal_scheduled_depth{", await response.Content.ReadAsStringAsync());
        }
    }
}

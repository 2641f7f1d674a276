using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Portal.Infrastructure;

namespace Portal.Benchmarks;

/// <summary>The app's infrastructure (database, Hangfire job server, sending pipeline) without the web UI, sending through one Surge account.</summary>
internal static class PipelineHost
{
    public const string AccountId = "7d3c0a9e-1b2f-4c5d-8e6f-9a0b1c2d3e4f";

    public static IHost Build(string databasePath, string surgeUrl, int? workers = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={databasePath}",
            ["Portal:Demo:Seed"] = "false",
            ["Portal:Admin:Email"] = "bench@portal.local",
            ["Portal:Admin:Password"] = "Bench-Pass-2026!",
            ["Portal:ProviderAccounts:0:Id"] = AccountId,
            ["Portal:ProviderAccounts:0:Kind"] = "Surge",
            ["Portal:ProviderAccounts:0:Name"] = "Fake Surge",
            ["Portal:ProviderAccounts:0:Department"] = "Bench",
            ["Portal:ProviderAccounts:0:BaseUrl"] = surgeUrl,
            ["Portal:ProviderAccounts:0:AccountId"] = "acct_bench",
            ["Portal:ProviderAccounts:0:FromNumber"] = "+13125550100",
            ["Portal:ProviderAccounts:0:ApiToken"] = "bench-token",
            ["Portal:ProviderAccounts:0:Default"] = "true",
        };
        if (workers is { } count)
        {
            settings["Portal:Jobs:WorkerCount"] = count.ToString();
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPortalInfrastructure(builder.Configuration, builder.Environment);
        return builder.Build();
    }
}

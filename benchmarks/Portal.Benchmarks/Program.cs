using Portal.Benchmarks;

// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- inbox [threads] [messagesPerThread]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- sending [messages] [providerLatencyMs] [workers]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- webhooks [seconds] [concurrency] [hubClients,…]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- browser-push [webhooks] [pages,…]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- circuits [pages,…] [server,workstation] [clicks] [webhooks] [msBetweenWebhooks]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- campaign [recipients] [perMinute] [providerLatencyMs] [importRows]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- webhooks-load [seconds] [requestsPerSecond] [hubClients] [windowSeconds]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- api [seconds] [concurrency]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- soak [seconds] [webhooksPerSecond] [apiSendsPerSecond] [hubClients] [windowSeconds]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- team [conversations] [perSecond] [members] [openConversations] [signals]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- team-hour [speed] [conversations] [minutes] [sleepAtMinute] [sleepMinutes]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- presence-pages [conversations]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- reports [responses] [threads] [runs] [messages]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- catch-up [outageSeconds] [events] [customers] [rounds]
var suite = args.FirstOrDefault() ?? "inbox";
switch (suite)
{
    case "team-hour":
        Environment.ExitCode = await Portal.Benchmarks.TeamHour.TeamHourSimulation.RunAsync(
            args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20,
            args.Length > 2 ? int.Parse(args[2]) : 48,
            args.Length > 3 ? int.Parse(args[3]) : 60,
            args.Length > 4 ? int.Parse(args[4]) : 25,
            args.Length > 5 ? int.Parse(args[5]) : 10);
        break;
    case "presence-pages":
        await PresencePagesBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100);
        break;
    case "reports":
        await ReportsBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1]) : 330_000,
            args.Length > 2 ? int.Parse(args[2]) : 100_000,
            args.Length > 3 ? int.Parse(args[3]) : 20,
            args.Length > 4 ? int.Parse(args[4]) : 1_000_000);
        break;
    case "reports-sql":
        ReportsSql.Print();
        break;
    case "catch-up":
        await CatchUpBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1]) : 60,
            args.Length > 2 ? int.Parse(args[2]) : 500,
            args.Length > 3 ? int.Parse(args[3]) : 40,
            args.Length > 4 ? int.Parse(args[4]) : 3);
        break;
    case "team":
        await TeamBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1]) : 3000,
            args.Length > 2 ? int.Parse(args[2]) : 100,
            args.Length > 3 ? int.Parse(args[3]) : 10,
            args.Length > 4 ? int.Parse(args[4]) : 200,
            args.Length > 5 ? int.Parse(args[5]) : 20_000);
        break;
    case "inbox":
        var threads = args.Length > 1 ? int.Parse(args[1]) : 10_000;
        var perThread = args.Length > 2 ? int.Parse(args[2]) : 10;
        await InboxBenchmark.RunAsync(threads, perThread);
        break;
    case "sending":
        await SendingBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1]) : 1000,
            args.Length > 2 ? int.Parse(args[2]) : 100,
            args.Length > 3 ? int.Parse(args[3]) : 20);
        break;
    case "webhooks":
        await WebhookBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1]) : 15,
            args.Length > 2 ? int.Parse(args[2]) : 16,
            args.Length > 3 ? args[3].Split(',').Select(int.Parse).ToArray() : [1, 100, 1000]);
        break;
    case "webhooks-load":
        await WebhookBenchmark.RunAtRateAsync(
            args.Length > 1 ? int.Parse(args[1]) : 60,
            args.Length > 2 ? int.Parse(args[2]) : 500,
            args.Length > 3 ? int.Parse(args[3]) : 1,
            args.Length > 4 ? int.Parse(args[4]) : 10);
        break;
    case "api":
        await ApiBenchmark.RunAcceptanceAsync(
            args.Length > 1 ? int.Parse(args[1]) : 15,
            args.Length > 2 ? int.Parse(args[2]) : 16);
        break;
    case "soak":
        await ApiBenchmark.RunSoakAsync(
            args.Length > 1 ? int.Parse(args[1]) : 600,
            args.Length > 2 ? int.Parse(args[2]) : 100,
            args.Length > 3 ? int.Parse(args[3]) : 20,
            args.Length > 4 ? int.Parse(args[4]) : 200,
            args.Length > 5 ? int.Parse(args[5]) : 60);
        break;
    case "browser-push":
        await BrowserPushBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1]) : 50,
            args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : [1, 20]);
        break;
    case "campaign":
        await CampaignBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1]) : 10_000,
            args.Length > 2 ? int.Parse(args[2]) : 6_000,
            args.Length > 3 ? int.Parse(args[3]) : 100,
            args.Length > 4 ? int.Parse(args[4]) : 50_000);
        break;
    case "circuits":
        await CircuitBenchmark.RunAsync(
            args.Length > 1 ? args[1].Split(',').Select(int.Parse).ToArray() : [50, 100, 150],
            args.Length > 2 ? args[2].Split(',') : ["server", "workstation"],
            args.Length > 3 ? int.Parse(args[3]) : 20,
            args.Length > 4 ? int.Parse(args[4]) : 20,
            args.Length > 5 ? int.Parse(args[5]) : 200);
        break;
    default:
        Console.Error.WriteLine($"Unknown suite '{suite}'. Suites: inbox, sending, campaign, webhooks, webhooks-load, api, soak, browser-push, circuits");
        return 2;
}

return 0;

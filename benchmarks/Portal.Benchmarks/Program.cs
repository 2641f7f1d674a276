using Portal.Benchmarks;

// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- inbox [threads] [messagesPerThread]
var suite = args.FirstOrDefault() ?? "inbox";
switch (suite)
{
    case "inbox":
        var threads = args.Length > 1 ? int.Parse(args[1]) : 10_000;
        var perThread = args.Length > 2 ? int.Parse(args[2]) : 10;
        await InboxBenchmark.RunAsync(threads, perThread);
        break;
    default:
        Console.Error.WriteLine($"Unknown suite '{suite}'. Suites: inbox");
        return 2;
}

return 0;

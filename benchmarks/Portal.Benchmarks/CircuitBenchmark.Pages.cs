using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Portal.Benchmarks;

internal static partial class CircuitBenchmark
{
    /// <summary>The customer of the newest Service conversation (the bench line's department), read from the database file.</summary>
    private static string NewestServicePhone(string databasePath)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.Phone FROM Threads t JOIN Customers c ON c.Id = t.CustomerId JOIN Departments d ON d.Id = t.DepartmentId
            WHERE d.Name = 'Service' AND c.Phone IS NOT NULL ORDER BY t.LastActivityAt DESC LIMIT 1
            """;
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>With CIRCUITS_GCDUMP=folder, a heap snapshot per checkpoint (dotnet-gcdump), to see what each circuit holds.</summary>
    private static async Task GcDumpAsync(Process portal, int pages)
    {
        if (Environment.GetEnvironmentVariable("CIRCUITS_GCDUMP") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        using var dump = Process.Start(new ProcessStartInfo("dotnet-gcdump", ["collect", "-p", portal.Id.ToString(), "-o", Path.Combine(folder, $"pages-{pages}.gcdump")]) { RedirectStandardOutput = true })!;
        await dump.WaitForExitAsync();
    }

    private static async Task<double> SettledRssAsync(Process portal)
    {
        await Task.Delay(5000);
        return ResidentMb(portal.Id);
    }

    private static async Task<Dictionary<string, double>> TabMetricsAsync(ICDPSession cdp)
    {
        var result = await cdp.SendAsync("Performance.getMetrics");
        var wanted = new[] { "TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration" };
        return result!.Value.GetProperty("metrics").EnumerateArray()
            .Where(m => wanted.Contains(m.GetProperty("name").GetString()))
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
    }

    /// <summary>User and system CPU of the process so far (/proc/pid/stat, clock ticks of 10 ms).</summary>
    private static double ProcessCpuMs(Process process)
    {
        var fields = File.ReadAllText($"/proc/{process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
    }

    /// <summary>CPU busy time of the whole machine so far (/proc/stat, all cores).</summary>
    private static double MachineCpuMs()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        return (fields.Sum() - idle) * 10.0;
    }

    private static double ResidentMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    private static Process StartPortal(string published, string databasePath, string baseUrl, string gcMode)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(published, "Portal.Web.dll"), "--urls", baseUrl])
        {
            WorkingDirectory = published,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ConnectionStrings__Portal"] = $"Data Source={databasePath}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_gcServer"] = gcMode == "server" ? "1" : "0",
            ["Portal__Demo__Seed"] = "true",
            ["Portal__Demo__Customers"] = "200",
            ["Portal__Demo__Password"] = Password,
            ["Portal__Admin__Email"] = "admin@bench.portal",
            ["Portal__Admin__Password"] = Password,
            ["Portal__PublicBaseUrl"] = WebhookBenchmark.PublicBase,
            ["Portal__Jobs__Server"] = "false",
            ["Portal__Security__LoginAttemptsPerMinute"] = "1000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Portal.Web.Components.Pages.Inbox.InboxPage"] = "Debug",
            ["Portal__ProviderAccounts__0__Id"] = WebhookBenchmark.AccountId.ToString(),
            ["Portal__ProviderAccounts__0__Kind"] = "SignalWire",
            ["Portal__ProviderAccounts__0__Name"] = "Bench line",
            ["Portal__ProviderAccounts__0__Department"] = "Service",
            ["Portal__ProviderAccounts__0__BaseUrl"] = "https://example.signalwire.com",
            ["Portal__ProviderAccounts__0__AccountId"] = "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b",
            ["Portal__ProviderAccounts__0__SigningKey"] = WebhookBenchmark.SigningKey,
        })
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Inbox re-reads", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref rereads);
            }
            else if (e.Data is { } line && line.IndexOf("Inbox applied a live event ", StringComparison.Ordinal) is var at and >= 0
                && double.TryParse(line[(at + 27)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var ms))
            {
                lock (Applied)
                {
                    Applied.Add(ms);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"portal: {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(string baseUrl)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 240; i++)
        {
            try
            {
                using var response = await http.GetAsync($"{baseUrl}/health");
                if (response.StatusCode is HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The portal did not start.");
    }

    /// <summary>A Release publish of the portal, made once per run (or taken from PORTAL_PUBLISHED).</summary>
    private static async Task<string> PublishAsync()
    {
        if (Environment.GetEnvironmentVariable("PORTAL_PUBLISHED") is { Length: > 0 } given)
        {
            return given;
        }

        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Portal.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Portal.sln not found above the benchmark.");
        }

        var output = Path.Combine(Path.GetTempPath(), "portal-bench-publish");
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "Portal.Web", "Portal.Web.csproj"), "-c", "Release", "-o", output, "-v", "q"]))!;
        await publish.WaitForExitAsync();
        return publish.ExitCode == 0 ? output : throw new InvalidOperationException("dotnet publish failed.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

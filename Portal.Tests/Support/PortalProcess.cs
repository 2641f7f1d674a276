using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.Support;

/// <summary>The built portal as its own process on a loopback port, over a SQLite file, for tests that kill it (SIGKILL) and start it again.</summary>
internal static class PortalProcess
{
    /// <summary>Starts the portal with demo data and <paramref name="settings"/> (configuration keys with <c>:</c>).</summary>
    public static Process Start(int port, string databasePath, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var web = Path.GetDirectoryName(typeof(Portal.Web.Security.UserContext).Assembly.Location)!;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(web, "Portal.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={databasePath}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Portal:Demo:Seed"] = "true",
            ["Portal:Demo:Customers"] = "5",
            ["Portal:Demo:Password"] = PortalFactory.DemoPassword,
            ["Portal:Admin:Email"] = PortalFactory.AdminEmail,
            ["Portal:Admin:Password"] = PortalFactory.AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task KillAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public static async Task WaitHealthyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The portal did not become healthy within a minute.");
    }

    /// <summary>A context over the process's database file, for setting up and checking from the test.</summary>
    public static SqlitePortalDbContext Database(string databasePath) => new(new DbContextOptionsBuilder<SqlitePortalDbContext>()
        .UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={databasePath}", Path.GetTempPath())).Options);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Text;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Core.Campaigns;
using Portal.Core.Customers.Import;
using Portal.Core.Departments;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks;

/// <summary>
/// Campaigns on the real pipeline (AddPortalInfrastructure on a SQLite file, Hangfire with in-memory storage, the
/// campaign runner, the Surge adapter over HTTP) against a fake Surge that answers after a fixed latency: preview and
/// schedule time, sustained sends per minute, the pace in every 10-second window against the set rate, and database
/// commits per message. Then a lead file imported in bounded memory.
/// </summary>
internal static class CampaignBenchmark
{
    public static async Task RunAsync(int recipients, int perMinute, int latencyMs, int importRows)
    {
        var received = new ConcurrentQueue<DateTime>();
        var fake = await StartFakeSurgeAsync(received, latencyMs);
        var path = Path.Combine(Path.GetTempPath(), $"portal-campaign-bench-{Guid.NewGuid():N}.db");
        var commits = new CommitCounter();
        using var subscription = DiagnosticListener.AllListeners.Subscribe(commits);
        try
        {
            var departmentId = await SeedAsync(path, recipients);
            using var host = PipelineHost.Build(path, fake.Url);
            await host.StartAsync();
            var campaigns = host.Services.GetRequiredService<ICampaignService>();
            var admin = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
            var actor = new Actor(Guid.Empty, "Benchmark");
            var input = new CampaignInput
            {
                Name = "Benchmark",
                DepartmentId = departmentId,
                Variants = [new VariantInput { Body = "Hi {{ customer.first_name | default: \"there\" }}, the {{ lead.vehicle }} is in. Reply STOP to opt out.", Percent = 50 },
                    new VariantInput { Body = "{{ customer.first_name }}, come see the {{ vehicle }} this weekend.", Percent = 50 }],
                Audience = new CampaignAudience { Tags = ["bench"], ExcludeContactedWithinDays = 7, ExcludeActiveConversationWithinHours = 48 },
                MessagesPerMinute = perMinute,
            };

            Console.WriteLine($"{recipients:N0} recipients, {perMinute:N0} a minute, fake Surge latency {latencyMs} ms, SQLite file, Release build");
            Console.WriteLine();
            var watch = Stopwatch.StartNew();
            var preview = await campaigns.PreviewAsync(admin, input, actor);
            var previewTime = watch.Elapsed;
            var id = await campaigns.SaveDraftAsync(admin, null, input, actor);
            var commitsBefore = commits.Count;
            watch.Restart();
            await campaigns.ScheduleAsync(admin, id, actor);
            var scheduleTime = watch.Elapsed;

            watch.Restart();
            var deadline = DateTime.UtcNow.AddMinutes(30);
            CampaignProgress progress;
            do
            {
                await Task.Delay(250);
                progress = await campaigns.GetProgressAsync(admin, id);
            }
            while (progress.Status != CampaignStatus.Completed && DateTime.UtcNow < deadline);

            var sendTime = watch.Elapsed;
            var commitsPerMessage = (commits.Count - commitsBefore) / (double)Math.Max(1, preview.Recipients);
            var times = received.Order().ToArray();
            var allowed = perMinute / 6.0;
            var windows = Windows(times, TimeSpan.FromSeconds(10));

            Console.WriteLine("| figure | value |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| preview ({preview.Matched:N0} matched, {preview.Recipients:N0} recipients, {preview.Exclusions.Count:N0} left out) | {previewTime.TotalSeconds:F2} s |");
            Console.WriteLine($"| schedule (one message per recipient, one transaction) | {scheduleTime.TotalSeconds:F2} s |");
            Console.WriteLine($"| provider requests / recipients | {times.Length:N0} / {preview.Recipients:N0} |");
            Console.WriteLine($"| sends per minute, first to last request | {(times.Length - 1) / (times[^1] - times[0]).TotalMinutes:N0} (set: {perMinute:N0}) |");
            Console.WriteLine($"| schedule → completed | {sendTime.TotalSeconds:F1} s |");
            Console.WriteLine($"| full 10-s windows: min / max sends (set rate: {allowed:N0}) | {windows.Min:N0} / {windows.Max:N0} ({(windows.Max - allowed) / allowed:+0.0%;-0.0%}) |");
            Console.WriteLine($"| database commits per message, schedule to completion | {commitsPerMessage:F2} |");
            Console.WriteLine($"| final: sent / failed | {progress.Sent + progress.Delivered:N0} / {progress.Failed:N0} |");
            Console.WriteLine();
            await host.StopAsync();

            // Bounded memory: the peak should not grow with the file.
            await ImportAsync(host.Services, importRows / 5, exchange: 700);
            await ImportAsync(host.Services, importRows, exchange: 300);
            await RefusedFileAsync(host.Services);
        }
        finally
        {
            await fake.App.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static async Task ImportAsync(IServiceProvider services, int rows, int exchange)
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-import-bench-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var writer = new StreamWriter(file, false, Encoding.UTF8))
            {
                await writer.WriteLineAsync("First name,Last name,Mobile,Email,Tags,Vehicle,Status");
                for (var i = 0; i < rows; i++)
                {
                    await writer.WriteLineAsync($"Lead{i},Import,+1872{exchange + i / 10_000:D3}{i % 10_000:D4},lead{i}@example.com,bench-import,2025 RAV4,New");
                }
            }

            var import = services.GetRequiredService<ILeadImportService>();
            var admin = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
            var columns = new[] { LeadImportColumn.FirstName, LeadImportColumn.LastName, LeadImportColumn.Phone, LeadImportColumn.Email, LeadImportColumn.Tags, LeadImportColumn.VehicleOfInterest, LeadImportColumn.LeadStatus };
            GC.Collect();
            var baseline = GC.GetTotalMemory(true);
            var peak = 0L;
            using var sampler = new Timer(_ => peak = Math.Max(peak, GC.GetTotalMemory(false)), null, 0, 20);
            var watch = Stopwatch.StartNew();
            LeadImportReport dry;
            await using (var stream = File.OpenRead(file))
            {
                dry = await import.RunAsync(admin, stream, new LeadImportOptions(columns, "bench", "bench.csv"), dryRun: true);
            }

            var dryTime = watch.Elapsed;
            watch.Restart();
            LeadImportReport done;
            await using (var stream = File.OpenRead(file))
            {
                done = await import.RunAsync(admin, stream, new LeadImportOptions(columns, "bench", "bench.csv"), dryRun: false);
            }

            var importTime = watch.Elapsed;
            watch.Restart();
            LeadImportReport again;
            await using (var stream = File.OpenRead(file))
            {
                again = await import.RunAsync(admin, stream, new LeadImportOptions(columns, "bench", "bench.csv"), dryRun: false);
            }

            var againTime = watch.Elapsed;
            Console.WriteLine($"| lead import, {rows:N0} rows ({new FileInfo(file).Length / 1024 / 1024.0:F1} MB) | value |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| dry run | {dryTime.TotalSeconds:F1} s ({dry.Accepted:N0} accepted, {dry.Rejected.Count:N0} rejected) |");
            Console.WriteLine($"| import | {importTime.TotalSeconds:F1} s ({done.Created:N0} created, {done.Updated:N0} updated) |");
            Console.WriteLine($"| the same file again | {againTime.TotalSeconds:F1} s ({again.Unchanged:N0} unchanged, {again.Created + again.Updated:N0} changed) |");
            Console.WriteLine($"| managed heap above the baseline, peak | {(peak - baseline) / 1024.0 / 1024:F1} MB |");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A 1,000,000-column file (an 8 MB header row): refused before it is parsed, in bounded memory.</summary>
    private static async Task RefusedFileAsync(IServiceProvider services)
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-import-bench-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(file, string.Join(",", Enumerable.Range(0, 1_000_000).Select(i => $"c{i}")) + "\n" + string.Join(",", Enumerable.Repeat("1", 1_000_000)) + "\n");
            GC.Collect();
            var baseline = GC.GetTotalMemory(true);
            var peak = 0L;
            string answer;
            var watch = Stopwatch.StartNew();
            using (new Timer(_ => peak = Math.Max(peak, GC.GetTotalMemory(false)), null, 0, 5))
            {
                try
                {
                    await using var stream = File.OpenRead(file);
                    await services.GetRequiredService<ILeadImportService>().PreviewAsync(stream);
                    answer = "accepted (!)";
                }
                catch (ValidationException refused)
                {
                    answer = refused.Errors.Values.SelectMany(v => v).First();
                }
            }

            Console.WriteLine();
            Console.WriteLine($"| 1,000,000-column file ({new FileInfo(file).Length / 1024 / 1024.0:F1} MB) | value |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| answer | {answer} |");
            Console.WriteLine($"| time to answer | {watch.Elapsed.TotalMilliseconds:F0} ms |");
            Console.WriteLine($"| managed heap above the baseline, peak | {Math.Max(0, peak - baseline) / 1024.0 / 1024:F1} MB |");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Sends in each 10-second window that starts at a send and ends before the last one.</summary>
    private static (int Min, int Max) Windows(DateTime[] times, TimeSpan width)
    {
        if (times.Length == 0 || times[^1] - times[0] < width)
        {
            return (times.Length, times.Length);
        }

        var (min, max) = (int.MaxValue, 0);
        var end = 0;
        for (var start = 0; start < times.Length && times[start] + width <= times[^1]; start++)
        {
            while (end < times.Length && times[end] < times[start] + width)
            {
                end++;
            }

            min = Math.Min(min, end - start);
            max = Math.Max(max, end - start);
        }

        return (min, max);
    }

    private static async Task<Guid> SeedAsync(string path, int recipients)
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={path}", Path.GetTempPath())).Options;
        await using var db = new SqlitePortalDbContext(options);
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var department = new Department { Name = "Bench", TimeZoneId = "UTC", SendingHours = new SendingHours(new TimeOnly(0, 0), new TimeOnly(23, 59)) };
        db.Departments.Add(department);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // A customer in UTC is inside 8:00–21:00 only by day; one in a zone where it is midday always is.
        var offset = Math.Clamp(12 - DateTime.UtcNow.Hour, -12, 14);
        var zone = offset == 0 ? "Etc/GMT" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
        for (var i = 0; i < recipients; i++)
        {
            db.Customers.Add(new Customer
            {
                FirstName = $"Bench{i}",
                Phone = $"+1872{200 + i / 10_000:D3}{i % 10_000:D4}",
                Tags = ["bench"],
                TimeZoneId = zone,
                Lead = new LeadProfile { VehicleOfInterest = "2025 RAV4" },
            });
        }

        await db.SaveChangesAsync();
        return department.Id;
    }

    private static async Task<(WebApplication App, string Url)> StartFakeSurgeAsync(ConcurrentQueue<DateTime> received, int latencyMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/accounts/{account}/messages", async (HttpRequest request) =>
        {
            received.Enqueue(DateTime.UtcNow);
            using var json = await JsonDocument.ParseAsync(request.Body);
            await Task.Delay(latencyMs);
            return Results.Json(new { id = $"msg_{Guid.NewGuid():N}" }, statusCode: 201);
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Counts EF Core's completed SaveChanges in this process: each is one commit (the run path has no bulk updates).</summary>
    private sealed class CommitCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                listener.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == CoreEventId.SaveChangesCompleted.Name)
            {
                Interlocked.Increment(ref count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;
using Portal.Core.Campaigns;
using Portal.Core.Consent;
using Portal.Core.Providers;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks;

/// <summary>
/// A year of texts for the reports benchmark, written straight to the SQLite file (EF would take minutes for a million
/// rows): half from customers, half ours (people, campaigns, the API, auto-replies) with a dealership's outcomes, on
/// one provider account per department; two campaigns a month; opt-outs and opt-ins at about 1 per 100 texts.
/// </summary>
internal static class ReportsBenchmarkHistory
{
    private const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static async Task<(int Campaigns, int ConsentEntries)> SeedAsync(IDbContextFactory<PortalDbContext> factory, string path, Guid[] departments, int threads, int messages, DateTime now)
    {
        var random = new Random(2026);
        List<(Guid Id, Guid Department, string Phone)> conversations;
        Guid[] accounts;
        Guid[] users;
        var campaigns = new List<(Guid Id, int Department, DateTime StartAt)>();
        await using (var db = factory.CreateDbContext())
        {
            conversations = (await db.Threads.Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { t.Id, t.DepartmentId, c.Phone }).ToListAsync())
                .Select(x => (x.Id, x.DepartmentId, x.Phone!)).ToList();
            var lines = departments.Select((d, i) => new ProviderAccount { Kind = new ProviderKind("Simulator"), Name = $"Line {i + 1}", DepartmentId = d }).ToList();
            db.ProviderAccounts.AddRange(lines);
            accounts = [.. lines.Select(a => a.Id)];
            users = [.. await db.Users.OrderBy(u => u.DisplayName).Select(u => u.Id).ToListAsync()];
            for (var month = 0; month < 24; month++)
            {
                var department = month % 3;
                var startAt = now.AddDays(-365 + month * 15.2);
                var campaign = Campaign.NewDraft($"Campaign {month + 1}", null, "Bench");
                campaign.EditDraft($"Campaign {month + 1}", departments[department], accounts[department], [new CampaignVariant("A", null, "Hi", 100)], new CampaignAudience(), startAt, 600);
                campaign.Schedule(startAt, 2000, 0, startAt.AddHours(-1));
                campaign.MarkRunning();
                campaign.TryComplete(startAt.AddHours(4));
                db.Campaigns.Add(campaign);
                campaigns.Add((campaign.Id, department, startAt));
            }

            await db.SaveChangesAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO Messages (Id, ThreadId, Direction, Kind, Body, AuthorType, AuthorUserId, ProviderAccountId, CampaignId, Status, FailureReason, " +
                "Attempts, OccurredAt, ActivityAt, QueuedAt, SentAt, DeliveredAt, FailedAt, ReceivedAt, Revision, IsAutomated, Metadata, Attachments, CreatedAt, UpdatedAt) VALUES " +
                "($id, $thread, $direction, 'Text', 'Benchmark text', $author, $user, $account, $campaign, $status, $reason, 1, $at, $at, $queued, $sent, $delivered, $failed, $received, 0, $automated, '{}', '[]', $at, $at)";
            var names = new[] { "$id", "$thread", "$direction", "$author", "$user", "$account", "$campaign", "$status", "$reason", "$at", "$queued", "$sent", "$delivered", "$failed", "$received", "$automated" };
            var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
            for (var i = 0; i < messages; i++)
            {
                var (threadId, departmentId, _) = conversations[random.Next(conversations.Count)];
                var department = Array.IndexOf(departments, departmentId);
                var at = now.AddSeconds(-random.Next(365 * 86400));
                var text = Time(at);
                foreach (var parameter in p.Values)
                {
                    parameter.Value = DBNull.Value;
                }

                p["$id"].Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
                p["$thread"].Value = threadId.ToString().ToUpperInvariant();
                p["$account"].Value = accounts[department].ToString().ToUpperInvariant();
                p["$at"].Value = text;
                p["$automated"].Value = 0;
                if (i % 2 == 0)
                {
                    (p["$direction"].Value, p["$author"].Value, p["$status"].Value, p["$received"].Value) = ("Inbound", "Customer", "Received", text);
                    insert.ExecuteNonQuery();
                    continue;
                }

                p["$direction"].Value = "Outbound";
                p["$queued"].Value = text;
                var roll = random.Next(100);
                var author = roll < 70 ? "User" : roll < 90 ? "Campaign" : roll < 95 ? "Api" : "System";
                p["$author"].Value = author;
                if (author == "User")
                {
                    p["$user"].Value = users[department * 4 + random.Next(4)].ToString().ToUpperInvariant();
                }
                else
                {
                    p["$automated"].Value = 1;
                }

                if (author == "Campaign")
                {
                    var campaign = campaigns.Where(c => c.Department == department && c.StartAt <= at).Select(c => (Guid?)c.Id).LastOrDefault();
                    p["$campaign"].Value = campaign?.ToString().ToUpperInvariant() ?? (object)DBNull.Value;
                }

                var outcome = random.Next(100);
                (p["$status"].Value, p["$reason"].Value) = outcome switch
                {
                    < 90 => ("Delivered", (object)DBNull.Value),
                    < 94 => ("Sent", DBNull.Value),
                    < 96 => ("Undelivered", "UnreachableHandset"),
                    < 98 => ("Failed", random.Next(2) == 0 ? "OptedOut" : "InvalidPhoneNumber"),
                    _ => ("Failed", "OutcomeUnknown"),
                };
                if (outcome < 96)
                {
                    p["$sent"].Value = text;
                }

                if (outcome < 90)
                {
                    p["$delivered"].Value = Time(at.AddSeconds(3));
                }
                else if (outcome >= 94)
                {
                    p["$failed"].Value = Time(at.AddSeconds(3));
                }

                insert.ExecuteNonQuery();
            }

            await transaction.CommitAsync();
        }

        var consent = messages / 100;
        await using (var db = factory.CreateDbContext())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < consent; i++)
            {
                var at = now.AddSeconds(-random.Next(365 * 86400));
                var optOut = random.Next(5) > 0;
                var source = optOut ? (random.Next(10) == 0 ? ConsentSource.ProviderReport : ConsentSource.Keyword) : (ConsentSource)random.Next(2, 6);
                db.ConsentEntries.Add(new ConsentEntry
                {
                    Number = conversations[random.Next(conversations.Count)].Phone, Status = optOut ? ConsentStatus.OptedOut : ConsentStatus.OptedIn,
                    ActedAt = at, RecordedAt = at, Source = source, Detail = "Benchmark",
                });
            }

            await db.SaveChangesAsync();
        }

        return (campaigns.Count, consent);
    }

    private static string Time(DateTime utc) => utc.ToString(Format, CultureInfo.InvariantCulture);
}

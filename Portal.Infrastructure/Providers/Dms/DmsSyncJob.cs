using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.Providers.Dms;

/// <summary>
/// Writes every sent and received text of customers with a DMS id into the DMS, in batches per customer. Items the DMS
/// accepted are never sent again; items it refused are retried alone, up to <see cref="MaxAttempts"/> times.
/// </summary>
public sealed class DmsSyncJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    ProviderAccountStore accounts,
    DmsClient client,
    TimeProvider clock,
    ILogger<DmsSyncJob> logger) : IRecurringWork
{
    public string Name => "dms-sync";

    public const string DepartmentUuid = "DepartmentUuid";
    public const int MaxAttempts = 5;
    public const int BatchSize = 50;

    /// <summary>Only customers with an id in the DMS can have texts written to it.</summary>
    private static readonly string CustomerIdModule = DmsModule.Kind.Name;

    private static readonly MessageStatus[] Recordable = [MessageStatus.Sent, MessageStatus.Delivered, MessageStatus.Undelivered, MessageStatus.Received];

    Task IRecurringWork.RunOnceAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dmsAccounts = await db.ProviderAccounts.AsNoTracking()
            .Where(a => a.Kind == DmsModule.Kind && a.Enabled && a.DepartmentId != null)
            .ToListAsync(cancellationToken);

        var written = 0;
        foreach (var account in dmsAccounts)
        {
            if (account.Settings.GetValueOrDefault(DepartmentUuid) is not { Length: > 0 } departmentUuid)
            {
                logger.LogWarning("DMS account {ProviderAccountId} has no {Setting}; nothing synced", account.Id, DepartmentUuid);
                continue;
            }

            written += await SyncAccountAsync(db, account, departmentUuid, cancellationToken);
        }

        return written;
    }

    private async Task<int> SyncAccountAsync(PortalDbContext db, ProviderAccount account, string departmentUuid, CancellationToken cancellationToken)
    {
        var pending = await (
                from m in db.Messages.AsNoTracking()
                join t in db.Threads on m.ThreadId equals t.Id
                join c in db.Customers on t.CustomerId equals c.Id
                from id in c.ExternalIds
                where t.DepartmentId == account.DepartmentId
                    && id.Module == CustomerIdModule
                    && m.Kind == MessageKind.Text
                    && Recordable.Contains(m.Status)
                    && !db.Set<DmsSyncRecord>().Any(r => r.MessageId == m.Id && (r.State == DmsSyncState.Synced || r.Attempts >= MaxAttempts))
                orderby m.OccurredAt
                select new { Message = m, DmsCustomerId = id.Value })
            .Take(500)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        var settings = accounts.ToSettings(account);
        var written = 0;
        foreach (var customer in pending.GroupBy(p => p.DmsCustomerId!))
        {
            foreach (var batch in customer.Select(p => p.Message).Chunk(BatchSize))
            {
                var result = await client.SaveHistoricalAsync(settings, departmentUuid, customer.Key, batch.Select(ToHistorical).ToList(), cancellationToken);
                written += await RecordAsync(db, account.Id, batch, result, cancellationToken);
            }
        }

        return written;
    }

    private async Task<int> RecordAsync(PortalDbContext db, Guid accountId, Message[] batch, DmsBatchResult result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = batch.Select(m => m.Id).ToList();
        var records = await db.Set<DmsSyncRecord>().Where(r => ids.Contains(r.MessageId)).ToDictionaryAsync(r => r.MessageId, cancellationToken);
        var synced = 0;
        foreach (var message in batch)
        {
            if (!records.TryGetValue(message.Id, out var record))
            {
                record = new DmsSyncRecord { MessageId = message.Id, ProviderAccountId = accountId };
                db.Add(record);
            }

            record.Attempts++;
            record.LastAttemptAt = now;
            var item = result.BatchError is null && result.Items.TryGetValue(message.Id.ToString(), out var found) ? found : null;
            if (item is { Succeeded: true })
            {
                record.State = DmsSyncState.Synced;
                record.DmsMessageUuid = item.MessageUuid;
                record.Error = null;
                synced++;
            }
            else
            {
                record.State = DmsSyncState.Failed;
                record.Error = result.BatchError ?? item?.Error ?? "The DMS did not report on this item.";
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (result.BatchError is not null)
        {
            logger.LogWarning("DMS sync of {Count} messages through account {ProviderAccountId} failed: {Error}", batch.Length, accountId, result.BatchError);
        }

        return synced;
    }

    private static DmsHistoricalMessage ToHistorical(Message message)
    {
        var inbound = message.Direction == MessageDirection.Inbound;
        return new DmsHistoricalMessage(
            message.Id.ToString(),
            inbound ? null : message.SentAt ?? message.OccurredAt,
            inbound ? message.ReceivedAt ?? message.OccurredAt : null,
            new DmsMessageAttributes(
                message.Body,
                inbound ? "INCOMING" : "OUTGOING",
                "TEXT",
                message.AuthorType == AuthorType.User,
                new Dictionary<string, string> { ["portalMessageId"] = message.Id.ToString(), ["portalThreadId"] = message.ThreadId.ToString() }));
    }
}

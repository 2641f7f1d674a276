using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Infrastructure.Persistence;

/// <summary>One consistent view for several queries that a page shows together.</summary>
internal static class ReadSnapshot
{
    /// <summary>
    /// On SQLite a deferred transaction: a snapshot from its first read that takes no write lock, so senders carry on.
    /// Elsewhere read committed, which never holds up a writer either.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        return await db.Database.UseTransactionAsync(transaction, cancellationToken)
            ?? throw new InvalidOperationException("The read transaction could not be used.");
    }
}

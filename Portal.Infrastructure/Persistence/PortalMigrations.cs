using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Portal.Infrastructure.Customers;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// Applies the migrations, with the data steps a schema change needs in between: before the database refuses a second
/// customer per number, the records that share one are merged.
/// </summary>
public static class PortalMigrations
{
    public const string OneCustomerPerNumber = "OneCustomerPerNumber";

    public static async Task ApplyAsync(PortalDbContext db, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var all = db.Database.GetMigrations().ToList();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        var unique = pending.FirstOrDefault(m => m.EndsWith($"_{OneCustomerPerNumber}", StringComparison.Ordinal));
        if (unique is not null && all.IndexOf(unique) > 0)
        {
            await db.GetService<IMigrator>().MigrateAsync(all[all.IndexOf(unique) - 1], cancellationToken);
            var merged = await DuplicateCustomers.MergeAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
            if (merged > 0)
            {
                logger.LogWarning("Merged {Count} customer records into the records that had their numbers first (one customer per number)", merged);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}

using Microsoft.EntityFrameworkCore;

namespace Portal.Infrastructure.Persistence;

public static class ConcurrencySave
{
    /// <summary>Saves; false when a row changed since it was read (its revision moved), so the caller reads again or lets the other change win.</summary>
    public static async Task<bool> TrySaveChangesAsync(this DbContext db, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;

namespace Portal.Infrastructure.Persistence;

public static class ConcurrencySave
{
    /// <summary>
    /// The next save writes <paramref name="entity"/> and succeeds only from the revision it was read at, even when none
    /// of its values changed: a decision taken on what it said (a claim, an edit) loses to a change saved meanwhile.
    /// </summary>
    public static void SaveOnlyIfUnchanged<T>(this DbContext db, T entity) where T : class, IVersioned =>
        db.Entry(entity).Property(nameof(IVersioned.Revision)).IsModified = true;

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

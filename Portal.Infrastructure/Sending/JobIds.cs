using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Sending;

/// <summary>
/// The job id is bookkeeping, not a change of the message: it is written without bumping the row's revision, so
/// recording it never makes a running job's claim fail.
/// </summary>
internal static class JobIds
{
    public static Task RecordAsync(PortalDbContext db, Guid messageId, string jobId, CancellationToken cancellationToken) =>
        db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.JobId, jobId), cancellationToken);
}

namespace Portal.Web.Components.Pages.Manage;

/// <summary>
/// Where an uploaded lead file waits between its dry run and its import. A page deletes its file when it closes; a file
/// left by a process that died is deleted at the next start once it is an hour old (another instance may still use a
/// newer one).
/// </summary>
public static class LeadImportFiles
{
    private const string Prefix = "portal-import-";
    public static readonly TimeSpan Abandoned = TimeSpan.FromHours(1);

    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"{Prefix}{Guid.NewGuid():N}.csv");

    /// <summary>Deletes the abandoned files; the number deleted.</summary>
    public static int DeleteAbandoned(DateTime utcNow, string? folder = null)
    {
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder ?? Path.GetTempPath(), $"{Prefix}*.csv"))
        {
            try
            {
                if (utcNow - File.GetLastWriteTimeUtc(file) > Abandoned)
                {
                    File.Delete(file);
                    deleted++;
                }
            }
            catch (IOException)
            {
                // In use or already gone: the next start tries again.
            }
        }

        return deleted;
    }

    /// <summary>Runs <see cref="DeleteAbandoned"/> when the portal starts.</summary>
    internal sealed class Sweeper(ILogger<Sweeper> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // File times are the machine's, so the wall clock judges them.
            if (DeleteAbandoned(DateTime.UtcNow) is > 0 and var count)
            {
                logger.LogInformation("Deleted {Count} lead files left by an earlier run", count);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

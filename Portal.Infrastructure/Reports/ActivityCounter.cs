using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Messages;
using Portal.Core.Reports;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Reports;

/// <summary>
/// Keeps <see cref="ActivityCount"/> true to the messages. Every minute it recounts the current and the previous hour
/// (texts as they arrive, receipts that follow within the hour); every six hours, and at its first run, the last
/// eight days (late receipts, unknown outcomes a person resolved); and once, the history before the counts began.
/// An hour is recounted whole, in one transaction, so a report never reads half an hour.
/// </summary>
public sealed class ActivityCounter(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<ActivityCounter> logger) : IRecurringWork
{
    public static readonly TimeSpan DeepRecountEvery = TimeSpan.FromHours(6);
    public const int DeepRecountDays = 8;

    private DateTime? lastDeepRecount;

    public string Name => "report-counts";

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hour = HourOf(now);
        if (lastDeepRecount is { } last && now - last < DeepRecountEvery)
        {
            await RecountAsync(hour.AddHours(-1), hour, cancellationToken);
            return;
        }

        await CountHistoryAsync(hour.AddDays(-DeepRecountDays), cancellationToken);
        await RecountAsync(hour.AddDays(-DeepRecountDays), hour, cancellationToken);
        lastDeepRecount = now;
    }

    /// <summary>Counts every hour from the first text's up to <paramref name="before"/> if the counts do not reach back that far yet.</summary>
    public async Task CountHistoryAsync(DateTime before, CancellationToken cancellationToken)
    {
        DateTime? first;
        DateTime? countedFrom;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            first = await db.Messages.Where(m => m.ActivityAt != null).MinAsync(m => m.ActivityAt, cancellationToken);
            var firstThread = await db.Threads.MinAsync(t => (DateTime?)t.CreatedAt, cancellationToken);
            first = first is null || firstThread < first ? firstThread : first;
            countedFrom = await db.ActivityCounts.Where(a => a.Kind == ActivityKind.CountedFrom).Select(a => (DateTime?)a.HourStart).FirstOrDefaultAsync(cancellationToken);
        }

        if (first is null || (countedFrom is { } from && from <= HourOf(first.Value)))
        {
            return;
        }

        var start = HourOf(first.Value);
        var end = countedFrom is { } known && known < before ? known : before;
        logger.LogInformation("Counting report history from {From:u} to {To:u}", start, end);
        await RecountAsync(start, end.AddHours(-1), cancellationToken);
        await using var save = await dbFactory.CreateDbContextAsync(cancellationToken);
        await save.ActivityCounts.Where(a => a.Kind == ActivityKind.CountedFrom).ExecuteDeleteAsync(cancellationToken);
        save.ActivityCounts.Add(new ActivityCount { Kind = ActivityKind.CountedFrom, HourStart = start });
        await save.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Recounts each hour from <paramref name="fromHour"/> to <paramref name="toHour"/>, both included. Quiet hours are
    /// cleared together and skipped: the next hour with anything in it is found through the indexes.
    /// </summary>
    public async Task RecountAsync(DateTime fromHour, DateTime toHour, CancellationToken cancellationToken)
    {
        var hour = HourOf(fromHour);
        while (hour <= toHour)
        {
            var next = await NextBusyHourAsync(hour, cancellationToken);
            var quietUntil = next is { } busy && busy <= toHour ? busy : toHour.AddHours(1);
            if (quietUntil > hour)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await db.ActivityCounts.Where(a => a.HourStart >= hour && a.HourStart < quietUntil && a.Kind != ActivityKind.CountedFrom).ExecuteDeleteAsync(cancellationToken);
                hour = quietUntil;
                continue;
            }

            await RecountHourAsync(hour, cancellationToken);
            hour = hour.AddHours(1);
        }
    }

    /// <summary>The first hour from <paramref name="hour"/> on in which a message counted, a conversation began or one closed.</summary>
    private async Task<DateTime?> NextBusyHourAsync(DateTime hour, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.Where(m => m.ActivityAt >= hour).MinAsync(m => m.ActivityAt, cancellationToken);
        var opened = await db.Threads.Where(t => t.CreatedAt >= hour).MinAsync(t => (DateTime?)t.CreatedAt, cancellationToken);
        var closed = await db.Threads.Where(t => t.ClosedAt >= hour).MinAsync(t => t.ClosedAt, cancellationToken);
        DateTime? first = new[] { message, opened, closed }.Where(at => at is not null).Min();
        return first is { } at ? HourOf(at) : null;
    }

    public static DateTime HourOf(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    private async Task RecountHourAsync(DateTime hour, CancellationToken cancellationToken)
    {
        var end = hour.AddHours(1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var texts = await TextsOfHour(db, hour).ToListAsync(cancellationToken);
        var opened = await db.Threads.Where(t => t.CreatedAt >= hour && t.CreatedAt < end)
            .GroupBy(t => t.DepartmentId).Select(g => new { DepartmentId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var closed = await db.Threads.Where(t => t.ClosedAt >= hour && t.ClosedAt < end)
            .GroupBy(t => t.DepartmentId).Select(g => new { DepartmentId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        // Read first, then hold the write lock only to swap the hour's rows.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ActivityCounts.Where(a => a.HourStart == hour && a.Kind != ActivityKind.CountedFrom).ExecuteDeleteAsync(cancellationToken);
        db.ActivityCounts.AddRange(texts
            .Select(t => t.Key.Direction == MessageDirection.Inbound
                ? new { Kind = ActivityKind.TextIn, t.Key, Origin = (TextOrigin?)null, t.Count }
                : new { Kind = ActivityKind.TextOut, t.Key, Origin = (TextOrigin?)OriginOf(t.Key.AuthorType), t.Count })
            .GroupBy(t => new
            {
                t.Kind, t.Key.DepartmentId, t.Origin, t.Key.ProviderAccountId,
                UserId = t.Origin == TextOrigin.Staff ? t.Key.AuthorUserId : null,
                Status = t.Kind == ActivityKind.TextOut ? t.Key.Status : (MessageStatus?)null,
                FailureReason = t.Kind == ActivityKind.TextOut ? t.Key.FailureReason : null,
            })
            .Select(g => new ActivityCount
            {
                HourStart = hour, Kind = g.Key.Kind, DepartmentId = g.Key.DepartmentId, UserId = g.Key.UserId, ProviderAccountId = g.Key.ProviderAccountId,
                Origin = g.Key.Origin, Status = g.Key.Status, FailureReason = g.Key.FailureReason, Count = g.Sum(t => t.Count),
            }));
        db.ActivityCounts.AddRange(opened.Select(o => new ActivityCount { HourStart = hour, Kind = ActivityKind.ConversationOpened, DepartmentId = o.DepartmentId, Count = o.Count }));
        db.ActivityCounts.AddRange(closed.Select(c => new ActivityCount { HourStart = hour, Kind = ActivityKind.ConversationClosed, DepartmentId = c.DepartmentId, Count = c.Count }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    internal sealed record TextKey(
        Guid DepartmentId, MessageDirection Direction, AuthorType AuthorType, Guid? AuthorUserId, Guid? ProviderAccountId, MessageStatus Status, FailureReason? FailureReason);

    internal sealed record TextCount(TextKey Key, int Count);

    /// <summary>The hour's texts counted in the database per department and everything the reports split by (a range on the ActivityAt index).</summary>
    internal static IQueryable<TextCount> TextsOfHour(PortalDbContext db, DateTime hour)
    {
        var end = hour.AddHours(1);
        return db.Messages
            .Where(m => m.ActivityAt >= hour && m.ActivityAt < end && m.Kind == MessageKind.Text
                && m.Direction != MessageDirection.Internal && m.Status != MessageStatus.Canceled)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { m.Direction, m.AuthorType, m.AuthorUserId, m.ProviderAccountId, m.Status, m.FailureReason, t.DepartmentId })
            .GroupBy(m => new { m.DepartmentId, m.Direction, m.AuthorType, m.AuthorUserId, m.ProviderAccountId, m.Status, m.FailureReason })
            .Select(g => new TextCount(
                new TextKey(g.Key.DepartmentId, g.Key.Direction, g.Key.AuthorType, g.Key.AuthorUserId, g.Key.ProviderAccountId, g.Key.Status, g.Key.FailureReason),
                g.Count()));
    }

    private static TextOrigin OriginOf(AuthorType author) => author switch
    {
        AuthorType.Campaign => TextOrigin.Campaign,
        AuthorType.Api => TextOrigin.Api,
        AuthorType.System => TextOrigin.AutoReply,
        _ => TextOrigin.Staff,
    };
}

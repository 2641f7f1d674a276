using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.EventWebhooks;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.ProviderWebhooks;

namespace Portal.Infrastructure.EventWebhooks;

/// <summary>
/// Makes one attempt of a delivery: a Standard Webhooks signed POST. 2xx delivers it; 408, 429, 5xx, a timeout or a
/// failed connection schedules the next retry (Failed when the schedule is used up); any other answer fails it at once,
/// and 410 Gone also switches the subscription off. Safe to run twice: it acts only on a pending, due, unclaimed delivery.
/// </summary>
public sealed class EventWebhookDeliverer(
    IDbContextFactory<PortalDbContext> dbFactory,
    IHttpClientFactory httpClients,
    ISecretProtector secrets,
    IJobScheduler jobs,
    SubscriptionRoutes routes,
    IOptions<EventWebhookOptions> options,
    TimeProvider clock,
    ILogger<EventWebhookDeliverer> logger)
{
    public const string HttpClientName = "EventWebhooks";

    /// <summary>Marks the deliverer's requests, so HTTP tracing leaves them out: receivers' URLs are not exported.</summary>
    private static readonly HttpRequestOptionsKey<bool> Untraced = new("Portal.EventWebhooks.Untraced");

    /// <summary>For the HTTP client instrumentation's filter: false for event webhook POSTs to third parties.</summary>
    public static bool IsTraced(HttpRequestMessage request) => !request.Options.TryGetValue(Untraced, out var untraced) || !untraced;

    /// <summary>A job this much early still runs: the scheduler's clock and ours may differ slightly.</summary>
    private static readonly TimeSpan EarlySlack = TimeSpan.FromSeconds(2);

    private const int ErrorLength = 1000;

    /// <summary>How much of a refusal's body is kept with the attempt; the rest is never read.</summary>
    private const int BodyKept = 1024;

    public async Task DeliverAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lease = now + options.Value.Timeout + TimeSpan.FromSeconds(30);
        var dueBy = now + EarlySlack;
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.Status == WebhookDeliveryStatus.Pending
                && (d.NextAttemptAt == null || d.NextAttemptAt <= dueBy)
                && (d.LockedUntil == null || d.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedUntil, lease), cancellationToken);
        if (claimed == 0)
        {
            return; // Delivered, failed, not yet due, or another job is on it.
        }

        try
        {
            await AttemptAsync(db, deliveryId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: let the next run have it at once rather than after the lease.
            await ReleaseAsync(deliveryId);
            throw;
        }
        catch (Exception e)
        {
            // Anything else after the claim (an unreadable secret, the database) is an attempt that failed in here: it
            // is recorded and retried on the schedule like a failed POST, so the delivery never stays locked and silent.
            logger.LogError(e, "Webhook {WebhookId}: the attempt failed before an answer was judged", WebhookDelivery.WebhookIdOf(deliveryId));
            await RecordBrokenAttemptAsync(deliveryId, e);
        }
    }

    private async Task AttemptAsync(PortalDbContext db, Guid deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.FirstAsync(d => d.Id == deliveryId, cancellationToken);
        var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
        if (!subscription.Enabled)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            delivery.LastError = "The endpoint is disabled; replay the delivery after enabling it.";
            delivery.NextAttemptAt = null;
            delivery.LockedUntil = null;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var (attempt, refused) = await PostAsync(subscription, delivery, cancellationToken);
        var verdict = refused ? Verdict.Fail : Judge(attempt);
        Apply(db, delivery, attempt, verdict);

        if (attempt.StatusCode == (int)HttpStatusCode.Gone)
        {
            await db.WebhookSubscriptions.Where(s => s.Id == subscription.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Enabled, false)
                .SetProperty(s => s.DisabledReason, "The endpoint answered 410 Gone."), cancellationToken);
            routes.Invalidate();
        }

        await SaveAndScheduleAsync(db, delivery);
        logger.LogInformation("Webhook {WebhookId} ({EventType}) to subscription {SubscriptionId} at {Endpoint}: attempt {Attempt} got {StatusCode} {Error}; now {Status}",
            delivery.WebhookId, delivery.EventType, subscription.Id, EndpointOf(subscription.Url), attempt.Number, attempt.StatusCode, attempt.Error, delivery.Status);
    }

    private async Task RecordBrokenAttemptAsync(Guid deliveryId, Exception error)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, CancellationToken.None);
        if (delivery is not { Status: WebhookDeliveryStatus.Pending, LockedUntil: not null })
        {
            return; // Deleted with its subscription meanwhile, or the outcome was saved and only scheduling failed (the sweep covers that).
        }

        var attempt = new WebhookDeliveryAttempt { Error = Clip($"The portal could not make the attempt: {error.GetType().Name}: {error.Message}") };
        Apply(db, delivery, attempt, Verdict.Retry);
        await SaveAndScheduleAsync(db, delivery);
    }

    private async Task ReleaseAsync(Guid deliveryId)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.WebhookDeliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedUntil, (DateTime?)null), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Webhook {WebhookId}: could not release its lock; it lapses on its own", WebhookDelivery.WebhookIdOf(deliveryId));
        }
    }

    /// <summary>Adds the attempt and moves the delivery on: delivered, next retry of the schedule, or failed.</summary>
    private void Apply(PortalDbContext db, WebhookDelivery delivery, WebhookDeliveryAttempt attempt, Verdict verdict)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        attempt.DeliveryId = delivery.Id;
        attempt.Number = ++delivery.AttemptCount;
        attempt.AttemptedAt = now;
        delivery.AttemptsThisRound++;
        delivery.LastStatusCode = attempt.StatusCode;
        delivery.LastError = attempt.Error;
        delivery.LockedUntil = null;
        db.WebhookDeliveryAttempts.Add(attempt);

        var schedule = options.Value.Schedule;
        if (verdict == Verdict.Delivered)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
        }
        else if (verdict == Verdict.Retry && delivery.AttemptsThisRound <= schedule.Count)
        {
            delivery.NextAttemptAt = now + schedule[delivery.AttemptsThisRound - 1];
        }
        else
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            delivery.NextAttemptAt = null;
        }
    }

    private async Task SaveAndScheduleAsync(PortalDbContext db, WebhookDelivery delivery)
    {
        await db.SaveChangesAsync(CancellationToken.None);
        if (delivery is { Status: WebhookDeliveryStatus.Pending, NextAttemptAt: { } next })
        {
            var jobId = jobs.ScheduleEventWebhook(delivery.Id, next);
            await db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.JobId, jobId), CancellationToken.None);
        }
    }

    /// <summary>Scheme and host only: paths and queries of receivers often carry tokens.</summary>
    internal static string EndpointOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "(invalid URL)";

    /// <summary>The attempt, and whether the address was refused before anything was sent.</summary>
    private async Task<(WebhookDeliveryAttempt Attempt, bool Refused)> PostAsync(Core.EventWebhooks.WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Options.Set(Untraced, true);
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Signatures(subscription, delivery.WebhookId, timestamp, body));

        var started = clock.GetTimestamp();
        var attempt = new WebhookDeliveryAttempt();
        // HttpClient.Timeout stops at the headers; this covers the body too. Real time: it bounds a real socket.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            attempt.StatusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var text = await ReadStartAsync(response, timeout.Token);
                attempt.Error = Clip($"{(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}");
            }
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedAddressException refused)
        {
            attempt.Error = Clip(refused.Message);
            return (attempt, true);
        }
        catch (HttpRequestException e)
        {
            attempt.Error = Clip($"Could not reach the endpoint: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            attempt.StatusCode = null;
            attempt.Error = $"No answer within {options.Value.Timeout.TotalSeconds:0.#} s.";
        }

        attempt.DurationMs = (int)clock.GetElapsedTime(started).TotalMilliseconds;
        return (attempt, false);
    }

    /// <summary><c>v1,&lt;new&gt;</c>, and <c>v1,&lt;old&gt;</c> after it while a rotation's grace period lasts.</summary>
    private string Signatures(Core.EventWebhooks.WebhookSubscription subscription, string webhookId, long timestamp, byte[] body)
    {
        var signature = StandardWebhookSignature.Sign(secrets.Unprotect(subscription.ProtectedSecret), webhookId, timestamp, body);
        if (subscription is { PreviousProtectedSecret: { } previous, PreviousSecretUntil: { } until } && clock.GetUtcNow().UtcDateTime < until)
        {
            signature += " " + StandardWebhookSignature.Sign(secrets.Unprotect(previous), webhookId, timestamp, body);
        }

        return signature;
    }

    private enum Verdict
    {
        Delivered,
        Retry,
        Fail,
    }

    private static Verdict Judge(WebhookDeliveryAttempt attempt) => attempt switch
    {
        { StatusCode: null } => Verdict.Retry,
        { StatusCode: >= 200 and < 300 } => Verdict.Delivered,
        { StatusCode: 408 or 429 or >= 500 } => Verdict.Retry,
        _ => Verdict.Fail,
    };

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[BodyKept];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return Encoding.UTF8.GetString(buffer, 0, read).Trim();
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return "";
        }
    }

    private static string Clip(string value) => value.Length <= ErrorLength ? value : value[..ErrorLength];
}

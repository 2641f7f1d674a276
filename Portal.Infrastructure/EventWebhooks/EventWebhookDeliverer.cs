using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.EventWebhooks;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Webhooks;

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

    /// <summary>A job this much early still runs: the scheduler's clock and ours may differ slightly.</summary>
    private static readonly TimeSpan EarlySlack = TimeSpan.FromSeconds(2);

    private const int ErrorLength = 1000;

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
        now = clock.GetUtcNow().UtcDateTime;
        attempt.DeliveryId = delivery.Id;
        attempt.Number = ++delivery.AttemptCount;
        attempt.AttemptedAt = now;
        delivery.AttemptsThisRound++;
        delivery.LastStatusCode = attempt.StatusCode;
        delivery.LastError = attempt.Error;
        delivery.LockedUntil = null;
        db.WebhookDeliveryAttempts.Add(attempt);

        var verdict = refused ? Verdict.Fail : Judge(attempt);
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

        if (attempt.StatusCode == (int)HttpStatusCode.Gone)
        {
            await db.WebhookSubscriptions.Where(s => s.Id == subscription.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Enabled, false)
                .SetProperty(s => s.DisabledReason, "The endpoint answered 410 Gone."), cancellationToken);
            routes.Invalidate();
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (delivery is { Status: WebhookDeliveryStatus.Pending, NextAttemptAt: { } next })
        {
            var jobId = jobs.ScheduleEventWebhook(delivery.Id, next);
            await db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.JobId, jobId), CancellationToken.None);
        }

        logger.LogInformation("Webhook {WebhookId} ({EventType}) to subscription {SubscriptionId}: attempt {Attempt} got {StatusCode} {Error}; now {Status}",
            delivery.WebhookId, delivery.EventType, subscription.Id, attempt.Number, attempt.StatusCode, attempt.Error, delivery.Status);
    }

    /// <summary>The attempt, and whether the address was refused before anything was sent.</summary>
    private async Task<(WebhookDeliveryAttempt Attempt, bool Refused)> PostAsync(Core.EventWebhooks.WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(secrets.Unprotect(subscription.ProtectedSecret), delivery.WebhookId, timestamp, body));

        var started = clock.GetTimestamp();
        var attempt = new WebhookDeliveryAttempt();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            attempt.StatusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var text = await ReadStartAsync(response, cancellationToken);
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
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            attempt.Error = $"No answer within {options.Value.Timeout.TotalSeconds:0.#} s.";
        }

        attempt.DurationMs = (int)clock.GetElapsedTime(started).TotalMilliseconds;
        return (attempt, false);
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
            var buffer = new byte[300];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return Encoding.UTF8.GetString(buffer, 0, read).Trim();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return "";
        }
    }

    private static string Clip(string value) => value.Length <= ErrorLength ? value : value[..ErrorLength];
}

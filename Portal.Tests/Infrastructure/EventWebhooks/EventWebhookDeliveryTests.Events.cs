using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.EventWebhooks;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Consent;
using Portal.Infrastructure.Threads;
using Portal.Infrastructure.ProviderWebhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.EventWebhooks;

public partial class EventWebhookDeliveryTests
{
    [Fact]
    public async Task A_job_that_comes_early_or_twice_sends_nothing_more()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(500, ""));
        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();
        var delivery = await h.SingleDeliveryAsync();

        await h.DeliverAsync(delivery.Id);
        Assert.Single(h.Receiver.Sends());

        h.Clock.Advance(TimeSpan.FromSeconds(5));
        await h.DeliverAsync(delivery.Id);
        await h.DeliverAsync(delivery.Id);
        await h.RunJobsAsync();

        Assert.Equal(2, h.Receiver.Sends().Count);
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await h.SingleDeliveryAsync()).Status);
    }

    [Fact]
    public async Task A_replay_sends_the_same_webhook_id_and_body_again()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();
        var delivery = await h.SingleDeliveryAsync();

        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.Admin.ReplayAsync(delivery.Id);
        await h.RunJobsAsync();

        var sends = h.Receiver.Sends();
        Assert.Equal(2, sends.Count);
        Assert.Equal(sends[0].Headers["webhook-id"], sends[1].Headers["webhook-id"]);
        Assert.Equal(sends[0].Body, sends[1].Body);
        Assert.NotEqual(sends[0].Headers["webhook-timestamp"], sends[1].Headers["webhook-timestamp"]);
        var replayed = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Delivered, replayed.Status);
        Assert.Equal(2, replayed.AttemptCount);
        var views = await h.Admin.ListDeliveriesAsync();
        Assert.Equal([1, 2], Assert.Single(views).Attempts.Select(a => a.Number));
    }

    [Fact]
    public async Task A_replay_of_a_failed_delivery_starts_a_fresh_retry_schedule()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(400, ""));
        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();
        h.Receiver.Then(new FakeResponse(503, ""));

        await h.Admin.ReplayAsync((await h.SingleDeliveryAsync()).Id);
        await h.RunJobsAsync();

        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal(h.Clock.GetUtcNow().UtcDateTime.AddSeconds(5), delivery.NextAttemptAt);
    }

    [Fact]
    public async Task A_replay_while_an_attempt_holds_the_delivery_is_refused_and_sends_nothing_more()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        await h.Outbox.RecordAsync(Received());
        var delivery = await h.SingleDeliveryAsync();
        var job = Assert.Single(h.Jobs.EventWebhooks);
        await using (var db = await h.Database.CreateDbContextAsync())
        {
            // As a running attempt's claim leaves it.
            await db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedUntil, h.Clock.GetUtcNow().UtcDateTime.AddSeconds(40)));
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => h.Admin.ReplayAsync(delivery.Id));

        Assert.Contains("being sent right now", refused.Message);
        Assert.DoesNotContain(job.JobId, h.Jobs.Deleted);
        Assert.Single(h.Jobs.EventWebhooks);
        var unchanged = await h.SingleDeliveryAsync();
        Assert.NotNull(unchanged.LockedUntil);
        Assert.Equal(job.JobId, unchanged.JobId);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Admin.ReplayAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_pending_delivery_whose_job_was_lost_gets_a_new_one_from_the_sweep()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        await h.Outbox.RecordAsync(Received());
        var lost = Assert.Single(h.Jobs.EventWebhooks);
        h.Jobs.EventWebhooks.Clear();
        h.Jobs.Delete(lost.JobId);

        await h.SweepAsync();
        Assert.Empty(h.Jobs.EventWebhooks);

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.SweepAsync();
        await h.RunJobsAsync();

        Assert.Single(h.Receiver.Sends());
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await h.SingleDeliveryAsync()).Status);
    }

    [Fact]
    public async Task Assigning_closing_and_an_opt_out_are_delivered_as_their_own_event_types()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.ThreadAssigned | EventWebhookTypes.ThreadClosed | EventWebhookTypes.CustomerOptedOut);
        var threads = new ThreadService(h.Database, TestProviders.Store(h.Database), h.Notifier, h.Clock);
        var consent = new ConsentRecorder(h.Database, h.Notifier, h.Clock);
        var sam = new Actor(F.SalesRep.Id, "Sam Sales");

        await threads.AssignAsync(F.SalesScope, F.BenSales.Id, F.SalesRep.Id, sam);
        await threads.CloseAsync(F.SalesScope, F.BenSales.Id, sam);
        await threads.AddNoteAsync(F.SalesScope, F.AnaSales.Id, "Called her back", sam);
        await consent.RecordAsync(F.SalesScope, F.Ana.Id, ConsentStatus.OptedOut, "asked on the phone", sam);
        await h.RunJobsAsync();

        var bodies = h.Receiver.Sends().Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["thread.assigned", "thread.closed", "customer.opted_out"], bodies.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(F.SalesRep.Id, bodies[0].GetProperty("data").GetProperty("thread").GetProperty("assigneeId").GetGuid());
        Assert.Equal("Closed", bodies[1].GetProperty("data").GetProperty("thread").GetProperty("status").GetString());
        var optedOut = bodies[2].GetProperty("data");
        Assert.Equal(F.AnaSales.Id, optedOut.GetProperty("threadId").GetGuid());
        Assert.True(optedOut.GetProperty("customer").GetProperty("optedOut").GetBoolean());
    }

    [Fact]
    public async Task An_opt_out_of_a_customer_whose_conversations_are_all_closed_is_still_delivered()
    {
        var threads = new ThreadService(h.Database, TestProviders.Store(h.Database), h.Notifier, h.Clock);
        var consent = new ConsentRecorder(h.Database, h.Notifier, h.Clock);
        var sam = new Actor(F.SalesRep.Id, "Sam Sales");
        await threads.CloseAsync(F.SalesScope, F.BenSales.Id, sam);
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.CustomerOptedOut);

        await consent.RecordAsync(F.SalesScope, F.BenSales.CustomerId, ConsentStatus.OptedOut, "asked by email", sam);
        await h.RunJobsAsync();

        var delivered = JsonDocument.Parse(Assert.Single(h.Receiver.Sends()).Body).RootElement;
        Assert.Equal("customer.opted_out", delivered.GetProperty("type").GetString());
        Assert.Equal(F.BenSales.Id, delivered.GetProperty("data").GetProperty("threadId").GetGuid());
        Assert.Equal("Closed", delivered.GetProperty("data").GetProperty("thread").GetProperty("status").GetString());
        await using var db = await h.Database.CreateDbContextAsync();
        Assert.False(await db.Messages.AnyAsync(m => m.ThreadId == F.BenSales.Id && m.Body.Contains("opted out")));
    }

    [Fact]
    public async Task An_endpoint_created_after_the_subscriptions_were_cached_is_heard_at_once()
    {
        await h.Outbox.RecordAsync(Received());
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        Assert.Single(h.Receiver.Sends());
    }

    [Fact]
    public async Task Deleting_an_endpoint_removes_its_deliveries_and_their_jobs()
    {
        var subscription = await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        await h.Outbox.RecordAsync(Received());
        var job = Assert.Single(h.Jobs.EventWebhooks);

        await h.Admin.DeleteAsync(subscription.SubscriptionId);
        await h.RunJobsAsync();

        Assert.Contains(job.JobId, h.Jobs.Deleted);
        Assert.Empty(await h.DeliveriesAsync());
        Assert.Empty(h.Receiver.Requests);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Admin.RotateSecretAsync(subscription.SubscriptionId));
    }

    [Fact]
    public async Task After_a_rotation_both_secrets_sign_for_the_grace_period_then_only_the_new_one()
    {
        var old = await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        var rotated = await h.Admin.RotateSecretAsync(old.SubscriptionId);

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        var during = Assert.Single(h.Receiver.Sends());
        Assert.StartsWith("whsec_", rotated.Secret);
        Assert.NotEqual(old.Secret, rotated.Secret);
        Assert.True(Convert.FromBase64String(rotated.Secret["whsec_".Length..]).Length >= 24);
        Assert.Equal(2, during.Headers["webhook-signature"].Split(' ').Length);
        Assert.True(EventWebhookHarness.SignatureIsValid(rotated.Secret, during));
        Assert.True(EventWebhookHarness.SignatureIsValid(old.Secret, during));
        foreach (var secret in new[] { rotated.Secret, old.Secret })
        {
            Assert.Equal(SignatureVerdict.Valid, StandardWebhookSignature.Verify(secret, during.Headers["webhook-id"], during.Headers["webhook-timestamp"],
                during.Headers["webhook-signature"], Encoding.UTF8.GetBytes(during.Body), h.Clock.GetUtcNow()));
        }

        h.Clock.Advance(TimeSpan.FromHours(24));
        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        var after = h.Receiver.Sends()[1];
        Assert.Single(after.Headers["webhook-signature"].Split(' '));
        Assert.True(EventWebhookHarness.SignatureIsValid(rotated.Secret, after));
        Assert.False(EventWebhookHarness.SignatureIsValid(old.Secret, after));
    }

    [Fact]
    public async Task A_refused_url_or_an_empty_choice_is_not_registered()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Admin.CreateAsync(
            new EventWebhookInput(Guid.NewGuid(), "ftp://crm.example.com/x", EventWebhookTypes.None), "Ada Admin"));

        Assert.Equal(["DepartmentId", "EventTypes", "Url"], refused.Errors.Keys.Order());
        Assert.Empty(await h.Admin.ListAsync());
    }
}

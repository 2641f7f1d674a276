using Bogus;
using Portal.Core.Campaigns;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Seeding;

/// <summary>
/// A finished Sales campaign twelve days back, so the reports have one to show: most texts delivered, a few
/// undelivered and one whose outcome is unknown; about a third of the leads reply, most replies answered, two STOPs.
/// </summary>
internal static class DemoCampaign
{
    public const string Name = "Winter tire event";

    public static int Add(PortalDbContext db, Faker faker, Department sales, IReadOnlyList<PortalUser> team, IReadOnlyList<Customer> leads, DateTime now)
    {
        if (leads.Count == 0)
        {
            return 0;
        }

        var manager = team[0];
        var startAt = now.AddDays(-12).Date.AddHours(15);
        var campaign = Campaign.NewDraft(Name, manager.Id, manager.DisplayName);
        campaign.EditDraft(Name, sales.Id, sales.DefaultProviderAccountId!.Value,
            [new CampaignVariant("A", null, "Hi {{ customer.first_name }}, winter tires are 20% off this week with free installation. Reply YES to book.", 100)],
            new CampaignAudience(), startAt, 60);
        campaign.Schedule(startAt, leads.Count, 0, startAt.AddDays(-1));
        campaign.MarkRunning();
        campaign.TryComplete(startAt.AddMinutes(leads.Count + 1));
        db.Campaigns.Add(campaign);

        var count = 0;
        for (var i = 0; i < leads.Count; i++)
        {
            var customer = leads[i];
            var at = startAt.AddMinutes(i);
            var thread = new ConversationThread { DepartmentId = sales.Id, CustomerId = customer.Id, LastActivityAt = at, CreatedAt = at, AssigneeId = team[faker.Random.Number(team.Count - 1)].Id };
            db.Threads.Add(thread);
            var text = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text,
                $"Hi {customer.FirstName}, winter tires are 20% off this week with free installation. Reply YES to book.\n{OptOutLine.Default}", MessageStatus.Draft, at);
            text.CarriesOptOutLine = true;
            (text.AuthorType, text.AuthorUserId, text.AuthorName, text.CampaignId, text.CampaignVariant) = (AuthorType.Campaign, manager.Id, $"Campaign · {Name}", campaign.Id, "A");
            (text.ProviderAccountId, text.IsAutomated, text.Attempts) = (sales.DefaultProviderAccountId, true, 1);
            text.MoveTo(MessageStatus.Queued, at);
            text.MoveTo(MessageStatus.Sending, at);
            var roll = faker.Random.Double();
            if (roll < 0.05)
            {
                text.Fail(FailureReason.OutcomeUnknown, "The provider timed out after the request was sent", at.AddSeconds(30));
            }
            else if (roll < 0.12)
            {
                text.MoveTo(MessageStatus.Sent, at.AddSeconds(1));
                text.MoveTo(MessageStatus.Undelivered, at.AddSeconds(5));
                (text.FailureReason, text.FailureDetail) = (FailureReason.UnreachableHandset, "30003: Unreachable destination handset");
            }
            else
            {
                text.MoveTo(MessageStatus.Sent, at.AddSeconds(1));
                text.MoveTo(MessageStatus.Delivered, at.AddSeconds(4));
            }

            db.Messages.Add(text);
            thread.Touch(text);
            count++;
            if (text.Status != MessageStatus.Delivered || !faker.Random.Bool(0.4f))
            {
                continue;
            }

            var replyAt = at.AddMinutes(faker.Random.Number(3, 240));
            var stop = i % 9 == 4;
            var reply = Message.Create(thread.Id, MessageDirection.Inbound, MessageKind.Text, stop ? "STOP" : faker.PickRandom("YES", "Yes, Saturday?", "How much for a set of 4?", "Do you have Michelins?"), MessageStatus.Received, replyAt);
            (reply.AuthorType, reply.ProviderAccountId) = (AuthorType.Customer, sales.DefaultProviderAccountId);
            db.Messages.Add(reply);
            thread.Touch(reply);
            count++;
            if (stop)
            {
                var entry = new ConsentEntry { Number = customer.Phone!, Status = ConsentStatus.OptedOut, ActedAt = replyAt, RecordedAt = replyAt, Source = ConsentSource.Keyword, MessageId = reply.Id, Detail = "Texted “STOP”" };
                db.ConsentEntries.Add(entry);
                Consent.NumberConsent.Show(customer, entry);
                continue;
            }

            thread.AwaitReply(replyAt);
            if (!faker.Random.Bool(0.8f))
            {
                continue;
            }

            var rep = team[faker.Random.Number(team.Count - 1)];
            var answerAt = replyAt.AddMinutes(faker.Random.Number(2, 90));
            var answer = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, $"Great, {customer.FirstName}! I can book you in. What day works?", MessageStatus.Draft, answerAt);
            (answer.AuthorType, answer.AuthorUserId, answer.AuthorName, answer.ProviderAccountId, answer.Attempts) = (AuthorType.User, rep.Id, rep.DisplayName, sales.DefaultProviderAccountId, 1);
            foreach (var status in new[] { MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered })
            {
                answer.MoveTo(status, answerAt);
            }

            db.Messages.Add(answer);
            thread.Touch(answer);
            if (thread.AnsweredBy(rep.Id, answerAt, sales.SendingHours, sales.TimeZone) is { } measured)
            {
                db.ResponseTimes.Add(measured);
            }

            count++;
        }

        return count;
    }
}

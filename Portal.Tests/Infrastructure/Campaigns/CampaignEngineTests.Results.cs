using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Campaigns;

/// <summary>What managers read: results that agree, opt-outs apart from failures, refused numbers and consent in the next preview.</summary>
public sealed partial class CampaignEngineTests
{
    [Fact]
    public async Task Results_agree_and_a_recipient_who_opted_out_before_their_text_is_not_sent_rather_than_failed()
    {
        var id = await c.ScheduleAsync();
        await using (var db = c.H.Database.CreateDbContext())
        {
            db.ConsentEntries.Add(DataBuilder.Stop(c.Leads[3].Phone!, Now));
            await db.SaveChangesAsync();
        }

        await c.DrainAsync(id);
        var results = await c.Service.GetResultsAsync(c.Manager, id);

        Assert.Equal(CampaignStatus.Completed, results.Progress.Status);
        Assert.Equal((0, 1, 11), (results.Progress.Failed, results.Progress.NotSentOptedOut, results.Progress.Sent));
        Assert.Equal(results.Progress.Recipients, results.Progress.Done);
        var variant = Assert.Single(results.Variants);
        Assert.Equal((11, 0, 1), (variant.Sent, variant.Failed, variant.NotSentOptedOut));
        var skipped = results.Recipients.Single(r => r.Phone == c.Leads[3].Phone);
        Assert.Equal(("Not sent — opted out", (string?)null), (skipped.Outcome, skipped.FailureText));
        Assert.All(results.Recipients.Where(r => r != skipped), r => Assert.Equal("Sent", r.Outcome));
        // All eleven went within the same minute: the chart still has a line, and every send is on it.
        Assert.True(results.Timeline.Count >= 2);
        Assert.Equal(11, results.Timeline.Sum(p => p.Sent));
    }

    [Fact]
    public async Task A_number_a_provider_refused_as_not_textable_is_left_out_of_the_next_campaign_for_the_days_asked()
    {
        var bad = c.Leads[5].Phone!;
        c.Surge.Default(r => r.Body.Contains(bad[1..])
            ? new FakeResponse(422, "{\"error\":{\"type\":\"invalid_mobile_number\",\"message\":\"not a mobile number\"}}")
            : new FakeResponse(201, $"{{\"id\":\"msg_{Guid.NewGuid():N}\"}}"));
        await c.DrainAsync(await c.ScheduleAsync());
        var failed = (await c.Service.GetResultsAsync(c.Manager, (await c.Service.ListAsync(c.Manager)).Single().Id)).Recipients.Single(r => r.Phone == bad);
        Assert.Equal("The phone number is not valid.", failed.FailureText);

        var next = await c.Service.PreviewAsync(c.Manager, c.Input(), c.H.Actor);

        Assert.Equal(11, next.Recipients);
        var left = Assert.Single(next.Exclusions);
        Assert.Equal((bad, ExclusionReason.RecentlyFailed), (left.Phone, left.Reason));
        Assert.Contains("in the last 30 days", left.Why);

        c.H.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(12, (await c.Service.PreviewAsync(c.Manager, c.Input(), c.H.Actor)).Recipients);
    }

    [Fact]
    public async Task The_preview_shows_consent_and_a_sample_per_fallback_and_the_department_can_require_recorded_consent()
    {
        await using (var db = c.H.Database.CreateDbContext())
        {
            var leads = await db.Customers.Where(x => x.Tags.Count > 0).OrderBy(x => x.Phone).ToListAsync();
            leads[0].Consent = ConsentStatus.OptedIn;
            leads[1].FirstName = "";
            leads[2].Lead.VehicleOfInterest = null;
            await db.SaveChangesAsync();
        }

        var preview = await c.Service.PreviewAsync(c.Manager, c.Input(), c.H.Actor);

        Assert.Equal((1, 11), (preview.RecipientsByConsent[ConsentStatus.OptedIn], preview.RecipientsByConsent[ConsentStatus.Unknown]));
        Assert.Equal(12, preview.RecipientLines.Count);
        Assert.Equal([PreviewSamples.Typical, PreviewSamples.NoFirstName, PreviewSamples.NoVehicle], preview.Samples.Select(s => s.Case));
        Assert.StartsWith("Hi there,", preview.Samples[1].Text);

        await using (var db = c.H.Database.CreateDbContext())
        {
            (await db.Departments.SingleAsync(d => d.Id == c.H.Department.Id)).MarketingNeedsRecordedConsent = true;
            await db.SaveChangesAsync();
        }

        var strict = await c.Service.PreviewAsync(c.Manager, c.Input(), c.H.Actor);
        Assert.Equal(1, strict.Recipients);
        Assert.Equal(11, strict.ExcludedByReason[ExclusionReason.NoConsentOnRecord]);
    }
}

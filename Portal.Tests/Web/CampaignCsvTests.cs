using Portal.Core.Campaigns;
using Portal.Web.Endpoints;

namespace Portal.Tests.Web;

public class CampaignCsvTests
{
    [Fact]
    public void Cells_are_quoted_and_formulas_are_kept_as_text_but_phone_numbers_stay_numbers()
    {
        var results = new CampaignResults(
            new CampaignProgress(Guid.NewGuid(), CampaignStatus.Completed, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0),
            [new RecipientResult(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "=HYPERLINK(\"x\"), Jr", "+13125550101", "A", "Sent",
                new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc), null, null, true, new DateTime(2026, 11, 24, 15, 5, 0, DateTimeKind.Utc), false)],
            [], []);

        var lines = CampaignEndpoints.ToCsv(results).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(2, lines.Length);
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\"), Jr\",+13125550101,A,Sent,2026-11-24 15:00:00,yes,2026-11-24 15:05:00,no,,", lines[1]);
    }

    [Fact]
    public void Times_are_in_the_departments_zone_named_in_the_header_and_failures_in_plain_words_with_the_code_apart()
    {
        var sent = new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc);
        var results = new CampaignResults(
            new CampaignProgress(Guid.NewGuid(), CampaignStatus.Completed, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, NotSentOptedOut: 1),
            [
                new RecipientResult(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Nina Hyatt", "+13125550101", "A", "Failed", sent,
                    Portal.Core.Messages.FailureReason.InvalidPhoneNumber, "21211: Simulator set to refuse this number", false, null, false),
                new RecipientResult(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Ben Okafor", "+13125550102", "A", "Failed", null,
                    Portal.Core.Messages.FailureReason.OptedOut, null, false, null, false),
            ],
            [], []) { TimeZoneId = "America/Chicago" };

        var lines = CampaignEndpoints.ToCsv(results).TrimEnd().Split(Environment.NewLine);

        Assert.StartsWith("Customer,Phone,Variant,Status,Sent at (America/Chicago),Replied,Replied at (America/Chicago)", lines[0]);
        Assert.Equal("Nina Hyatt,+13125550101,A,Failed,2026-11-24 09:00:00,no,,no,The phone number is not valid.,21211: Simulator set to refuse this number", lines[1]);
        Assert.Equal("Ben Okafor,+13125550102,A,Not sent — opted out,,no,,no,,", lines[2]);
    }
}

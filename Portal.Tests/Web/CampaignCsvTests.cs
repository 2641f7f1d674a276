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
                new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc), null, true, new DateTime(2026, 11, 24, 15, 5, 0, DateTimeKind.Utc), false)],
            [], []);

        var lines = CampaignEndpoints.ToCsv(results).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(2, lines.Length);
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\"), Jr\",+13125550101,A,Sent,2026-11-24 15:00:00,yes,2026-11-24 15:05:00,no,", lines[1]);
    }
}

using Portal.Core.Campaigns;
using Portal.Core.Customers;

namespace Portal.Tests.Core;

public class PreviewSamplesTests
{
    private static PlannedRecipient Recipient(string first, string? vehicle) =>
        new(new AudienceCandidate(Guid.NewGuid(), first, "+13125550100", false, null, false, null, null)
        {
            Customer = new Customer { FirstName = first, Lead = new LeadProfile { VehicleOfInterest = vehicle } },
        }, "A");

    [Fact]
    public void A_sample_for_each_fallback_the_audience_will_hit_then_typical_ones()
    {
        var typical = Recipient("Ana", "RAV4");
        var noName = Recipient("", "Camry");
        var noVehicle = Recipient("Ben", null);

        Assert.Equal([(typical, PreviewSamples.Typical), (noName, PreviewSamples.NoFirstName), (noVehicle, PreviewSamples.NoVehicle)],
            PreviewSamples.Pick([Recipient("Cara", "Civic") is var _ ? typical : typical, noVehicle, noName], 3));
        var everyoneComplete = Enumerable.Range(0, 5).Select(_ => Recipient("Dee", "F-150")).ToList();
        Assert.Equal(3, PreviewSamples.Pick(everyoneComplete, 3).Count);
        Assert.All(PreviewSamples.Pick(everyoneComplete, 3), p => Assert.Equal(PreviewSamples.Typical, p.Case));
    }
}

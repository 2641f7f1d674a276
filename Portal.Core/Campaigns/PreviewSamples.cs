namespace Portal.Core.Campaigns;

/// <summary>
/// Which recipients a preview renders: a typical one, and one for each merge-field fallback the audience will really hit
/// (no first name, no vehicle), so the manager sees those texts before they go.
/// </summary>
public static class PreviewSamples
{
    public const string Typical = "Typical";
    public const string NoFirstName = "No first name";
    public const string NoVehicle = "No vehicle";

    public static IReadOnlyList<(PlannedRecipient Recipient, string Case)> Pick(IEnumerable<PlannedRecipient> recipients, int count)
    {
        var list = recipients.ToList();
        var picked = new List<(PlannedRecipient, string)>();
        void Add(PlannedRecipient? recipient, string label)
        {
            if (recipient is not null && picked.Count < count && picked.All(p => p.Item1 != recipient))
            {
                picked.Add((recipient, label));
            }
        }

        Add(list.FirstOrDefault(r => HasFirstName(r) && HasVehicle(r)) ?? list.FirstOrDefault(), Typical);
        Add(list.FirstOrDefault(r => !HasFirstName(r)), NoFirstName);
        Add(list.FirstOrDefault(r => !HasVehicle(r)), NoVehicle);
        foreach (var recipient in list.TakeWhile(_ => picked.Count < count))
        {
            Add(recipient, Typical);
        }

        return picked;
    }

    private static bool HasFirstName(PlannedRecipient r) => !string.IsNullOrWhiteSpace(r.Candidate.Customer?.FirstName);

    private static bool HasVehicle(PlannedRecipient r) => !string.IsNullOrWhiteSpace(r.Candidate.Customer?.Lead.VehicleOfInterest);
}

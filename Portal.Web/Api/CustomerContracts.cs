using Portal.Core.Customers;

namespace Portal.Web.Api;

/// <summary>A customer as an integration writes one. <see cref="Phone"/> is normalised to E.164.</summary>
/// <param name="TimeZoneId">Where the customer lives, as an IANA zone (<c>Pacific/Honolulu</c>): their sending hours are judged in it.
/// Left out, it is kept (or judged from their number).</param>
/// <param name="Region">Where the customer lives for a department's stricter hours: a US state (<c>US-FL</c>, or <c>Florida</c>) or a
/// country (<c>GB</c>). Left out, it is kept (or judged from their number's area).</param>
public sealed record ApiCustomerInput(
    string FirstName, string? LastName, string? Phone, string? Email, string? DmsCustomerId, string? VehicleOfInterest, string? LeadStatus, IReadOnlyList<string>? Tags,
    string? TimeZoneId = null, string? Region = null)
{
    /// <summary>The published contract names the dealership's DMS id; it is the id the DMS module keeps.</summary>
    internal static readonly string DmsId = Portal.Infrastructure.Providers.Dms.DmsModule.Kind.Name;

    /// <summary>The first field this request gives a value for that the customer has another value in; null when none.</summary>
    public string? ConflictsWith(ApiCustomer existing)
    {
        static bool Differ(string? asked, string? kept) =>
            !string.IsNullOrWhiteSpace(asked) && !string.IsNullOrWhiteSpace(kept) && !string.Equals(asked.Trim(), kept.Trim(), StringComparison.OrdinalIgnoreCase);

        return Differ(FirstName, existing.FirstName) ? "firstName"
            : Differ(LastName, existing.LastName) ? "lastName"
            : Differ(Email, existing.Email) ? "email"
            : Differ(DmsCustomerId, existing.DmsCustomerId) ? "dmsCustomerId"
            : Differ(VehicleOfInterest, existing.VehicleOfInterest) ? "vehicleOfInterest"
            : Differ(LeadStatus, existing.LeadStatus) ? "leadStatus"
            : null;
    }

    public CustomerInput ToInput(Customer? existing = null)
    {
        var input = existing is null ? new CustomerInput() : CustomerInput.From(existing);
        input.FirstName = FirstName ?? "";
        input.LastName = LastName ?? "";
        input.Phone = Phone;
        input.Email = Email;
        input.ExternalIds[DmsId] = DmsCustomerId;
        input.VehicleOfInterest = VehicleOfInterest;
        input.ProcessStatus = LeadStatus;
        input.Tags = Tags is null ? input.Tags : string.Join(", ", Tags);
        input.TimeZoneId = TimeZoneId ?? input.TimeZoneId;
        input.Region = Region ?? input.Region;
        return input;
    }
}

/// <summary>Consent is readable; it changes through the customer's own keywords (STOP, START) or the portal.</summary>
public sealed record ApiConsent(string Status, DateTime? ChangedAt, string? Source);

/// <param name="TimeZoneId">The zone recorded for the customer; null: their sending hours are judged from their number.</param>
/// <param name="Region">Where the customer lives as recorded (<c>US-FL</c>, <c>GB</c>); null: their number's area counts.</param>
public sealed record ApiCustomer(
    Guid Id, string FirstName, string LastName, string? Phone, string? Email, string? DmsCustomerId, string? VehicleOfInterest, string? LeadStatus,
    IReadOnlyList<string> Tags, ApiConsent Consent, string? TimeZoneId, string? Region)
{
    public static ApiCustomer From(Customer c) => new(
        c.Id, c.FirstName, c.LastName, c.Phone, c.Email, c.ExternalId(ApiCustomerInput.DmsId), c.Lead.VehicleOfInterest, c.Lead.ProcessStatus, c.Tags,
        new ApiConsent(c.Consent.ToString(), c.ConsentChangedAt, c.ConsentSource), c.TimeZoneId, c.Region);
}

/// <param name="Status">OptedIn or OptedOut.</param>
/// <param name="Reason">How the customer gave or withdrew consent; required, kept as the consent's source.</param>
public sealed record ApiConsentChange(string Status, string? Reason);

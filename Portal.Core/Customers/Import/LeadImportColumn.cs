namespace Portal.Core.Customers.Import;

/// <summary>The customer fields a column of a lead file can hold.</summary>
public enum LeadImportField
{
    Ignore,
    FirstName,
    LastName,

    /// <summary>"First Last" in one column; split at the first space.</summary>
    FullName,
    Phone,
    Email,

    /// <summary>Comma- or semicolon-separated.</summary>
    Tags,
    VehicleOfInterest,
    LeadStatus,

    /// <summary>The customer's id in another system: <see cref="LeadImportColumn.Module"/> says which.</summary>
    ExternalId,

    /// <summary>yes / opted in / true / 1, or no / opted out / stop / 0.</summary>
    Consent,
    TimeZone,

    /// <summary>Where the lead came from (the <c>lead.source</c> merge field).</summary>
    LeadSource,

    /// <summary>An amount of money: "$28,000", "28000".</summary>
    Budget,
    TimeToPurchase,
    SalesRep,

    /// <summary>Where they live, for stricter hours: a US state ("FL", "Florida", "US-FL") or a country ("GB").</summary>
    Region,
}

/// <summary>What a column of a lead file holds: a field, or the customer's id in the system of <see cref="Module"/>.</summary>
public readonly record struct LeadImportColumn(LeadImportField Field, string? Module = null)
{
    public static LeadImportColumn Ignore => new(LeadImportField.Ignore);
    public static LeadImportColumn FirstName => new(LeadImportField.FirstName);
    public static LeadImportColumn LastName => new(LeadImportField.LastName);
    public static LeadImportColumn FullName => new(LeadImportField.FullName);
    public static LeadImportColumn Phone => new(LeadImportField.Phone);
    public static LeadImportColumn Email => new(LeadImportField.Email);
    public static LeadImportColumn Tags => new(LeadImportField.Tags);
    public static LeadImportColumn VehicleOfInterest => new(LeadImportField.VehicleOfInterest);
    public static LeadImportColumn LeadStatus => new(LeadImportField.LeadStatus);
    public static LeadImportColumn Consent => new(LeadImportField.Consent);
    public static LeadImportColumn TimeZone => new(LeadImportField.TimeZone);
    public static LeadImportColumn LeadSource => new(LeadImportField.LeadSource);
    public static LeadImportColumn Budget => new(LeadImportField.Budget);
    public static LeadImportColumn TimeToPurchase => new(LeadImportField.TimeToPurchase);
    public static LeadImportColumn SalesRep => new(LeadImportField.SalesRep);
    public static LeadImportColumn Region => new(LeadImportField.Region);

    public static LeadImportColumn IdIn(string module) => new(LeadImportField.ExternalId, module);

    /// <summary>Every choice for a column: the fields, then one id per module that keeps one.</summary>
    public static IReadOnlyList<LeadImportColumn> Choices(IEnumerable<CustomerIdField> ids) =>
    [
        .. Enum.GetValues<LeadImportField>().Where(f => f != LeadImportField.ExternalId).Select(f => new LeadImportColumn(f)),
        .. ids.Select(id => IdIn(id.Module)),
    ];

    /// <summary>"Phone", or "ExternalId:{module}": the value a form's select carries.</summary>
    public override string ToString() => Module is null ? Field.ToString() : $"{Field}:{Module}";

    public static bool TryParse(string? value, out LeadImportColumn column)
    {
        var parts = (value ?? "").Split(':', 2);
        var parsed = Enum.TryParse<LeadImportField>(parts[0], out var field) && (field == LeadImportField.ExternalId) == (parts.Length == 2);
        column = parsed ? new LeadImportColumn(field, parts.Length == 2 ? parts[1] : null) : Ignore;
        return parsed;
    }
}

public static class LeadImportColumns
{
    /// <summary>A first guess from the file's header, which the manager can change.</summary>
    public static LeadImportColumn Guess(string header, IEnumerable<CustomerIdField> ids)
    {
        var h = new string((header ?? "").ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        if (ids.FirstOrDefault(id => id.ImportHeaders.Contains(h)) is { } id)
        {
            return LeadImportColumn.IdIn(id.Module);
        }

        return h switch
        {
            "firstname" or "first" or "givenname" or "fname" => LeadImportColumn.FirstName,
            "lastname" or "last" or "surname" or "familyname" or "lname" => LeadImportColumn.LastName,
            "name" or "fullname" or "customername" or "customer" or "contact" => LeadImportColumn.FullName,
            "phone" or "phonenumber" or "mobile" or "mobilephone" or "cell" or "cellphone" or "telephone" => LeadImportColumn.Phone,
            "email" or "emailaddress" or "mail" => LeadImportColumn.Email,
            "tags" or "tag" or "labels" => LeadImportColumn.Tags,
            "vehicle" or "vehicleofinterest" or "interest" or "model" => LeadImportColumn.VehicleOfInterest,
            "status" or "leadstatus" or "stage" => LeadImportColumn.LeadStatus,
            "consent" or "optin" or "smsconsent" or "textconsent" => LeadImportColumn.Consent,
            "timezone" or "tz" or "zone" => LeadImportColumn.TimeZone,
            "source" or "leadsource" or "origin" or "channel" => LeadImportColumn.LeadSource,
            "budget" or "pricerange" or "maxprice" => LeadImportColumn.Budget,
            "timetopurchase" or "timeframe" or "purchasetimeframe" or "buyingtimeframe" => LeadImportColumn.TimeToPurchase,
            "salesrep" or "rep" or "salesperson" or "owner" or "assignedto" => LeadImportColumn.SalesRep,
            "state" or "region" or "province" or "country" or "stateorcountry" => LeadImportColumn.Region,
            _ => LeadImportColumn.Ignore,
        };
    }

    /// <summary>A budget as people write it ("$28,000", "28000.50"); null when it is not a positive amount.</summary>
    public static decimal? ParseBudget(string? value) =>
        decimal.TryParse((value ?? "").Replace("$", "").Replace(",", "").Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount)
        && amount is >= 0 and <= 10_000_000 ? amount : null;

    /// <summary>Null when the value says nothing either way.</summary>
    public static ConsentStatus? ParseConsent(string? value) => (value ?? "").Trim().ToLowerInvariant() switch
    {
        "yes" or "y" or "true" or "1" or "opted in" or "optedin" or "opt-in" or "opt in" or "in" => ConsentStatus.OptedIn,
        "no" or "n" or "false" or "0" or "opted out" or "optedout" or "opt-out" or "opt out" or "out" or "stop" => ConsentStatus.OptedOut,
        _ => null,
    };
}

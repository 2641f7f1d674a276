namespace Portal.Core.Customers.Import;

/// <summary>What a column of a lead file holds.</summary>
public enum LeadImportColumn
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
    DmsId,

    /// <summary>yes / opted in / true / 1, or no / opted out / stop / 0.</summary>
    Consent,
    TimeZone,
}

public static class LeadImportColumns
{
    /// <summary>A first guess from the file's header, which the manager can change.</summary>
    public static LeadImportColumn Guess(string header)
    {
        var h = new string((header ?? "").ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
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
            "dmsid" or "dmscustomerid" or "customerid" or "dms" => LeadImportColumn.DmsId,
            "consent" or "optin" or "smsconsent" or "textconsent" => LeadImportColumn.Consent,
            "timezone" or "tz" or "zone" => LeadImportColumn.TimeZone,
            _ => LeadImportColumn.Ignore,
        };
    }

    /// <summary>Null when the value says nothing either way.</summary>
    public static ConsentStatus? ParseConsent(string? value) => (value ?? "").Trim().ToLowerInvariant() switch
    {
        "yes" or "y" or "true" or "1" or "opted in" or "optedin" or "opt-in" or "opt in" or "in" => ConsentStatus.OptedIn,
        "no" or "n" or "false" or "0" or "opted out" or "optedout" or "opt-out" or "opt out" or "out" or "stop" => ConsentStatus.OptedOut,
        _ => null,
    };
}

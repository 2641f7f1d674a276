namespace Portal.Core.Customers;

/// <summary>
/// The customer's id in another system the dealership uses (its DMS, a CRM), keyed by the module that talks to that
/// system: the module's kind name. Core never knows which modules there are; a module's descriptor declares the id it keeps.
/// </summary>
public sealed class CustomerExternalId
{
    public const int MaxLength = 100;

    public string Module { get; set; } = "";

    public string Value { get; set; } = "";
}

/// <summary>How a module's customer id is shown, typed and imported.</summary>
/// <param name="Module">The module's kind name, which keys the id on every customer.</param>
/// <param name="ImportHeaders">Column headers of a lead file (letters and digits only, lower case) that hold this id.</param>
public sealed record CustomerIdField(string Module, string Label, IReadOnlyList<string> ImportHeaders);

using Portal.Core.Common;
using Portal.Core.Customers;

namespace Portal.Core.Consent;

/// <summary>Who or what recorded an entry of a number's consent ledger.</summary>
public enum ConsentSource
{
    /// <summary>The customer texted STOP, START or another keyword from the number.</summary>
    Keyword,

    /// <summary>A provider reported the number's opt-out or opt-in (a carrier-level STOP, or a refused text).</summary>
    ProviderReport,

    /// <summary>A person in the portal, on the customer's word (a signed form, a call).</summary>
    Staff,

    /// <summary>An admin reversing the customer's own opt-out, with a written reason.</summary>
    Admin,

    /// <summary>A lead file's consent column.</summary>
    Import,

    /// <summary>An integration, through its API key.</summary>
    Api,
}

/// <summary>
/// One opt-in or opt-out of a phone number (E.164, or a sender as stored): the ledger is what a dealership shows in a
/// consent dispute. Entries are only ever added; the number's consent is the latest entry by the time the customer acted.
/// </summary>
public sealed class ConsentEntry : Entity
{
    public const int MaxDetailLength = 200;

    public string Number { get; set; } = "";

    /// <summary><see cref="ConsentStatus.OptedIn"/> or <see cref="ConsentStatus.OptedOut"/>.</summary>
    public ConsentStatus Status { get; set; }

    /// <summary>When the customer acted (the provider's time for a keyword or report), not when the portal heard of it.</summary>
    public DateTime ActedAt { get; set; }

    /// <summary>When the portal recorded it.</summary>
    public DateTime RecordedAt { get; set; }

    public ConsentSource Source { get; set; }

    /// <summary>The person or key that recorded it; null for the customer's own keywords and providers' reports.</summary>
    public string? RecordedBy { get; set; }

    /// <summary>The text that carried the keyword or was refused, when there is one.</summary>
    public Guid? MessageId { get; set; }

    /// <summary>How: the keyword, the provider's words, the reason given, the file and row.</summary>
    public string Detail { get; set; } = "";

    /// <summary>The customer's own act: only these (or an admin with a reason) can reverse the customer's opt-out.</summary>
    public bool IsTheCustomersOwn => Source is ConsentSource.Keyword or ConsentSource.ProviderReport;
}

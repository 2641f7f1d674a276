namespace Portal.Core.Customers;

public enum SenderKind
{
    /// <summary>A number libphonenumber knows, in E.164.</summary>
    PhoneNumber,

    /// <summary>Shaped like an E.164 number but not one libphonenumber calls valid (fictional, unallocated, a new area code).</summary>
    UnverifiedNumber,

    /// <summary>A carrier short code such as 72345: it sends, but cannot be texted from a dealership's number.</summary>
    ShortCode,

    /// <summary>A name such as ACMEAUTO: it sends, but cannot be texted at all.</summary>
    Alphanumeric,
}

/// <summary>
/// Whoever a provider says sent a text, kept as reported: normalised to E.164 where it is a number, raw otherwise.
/// A text is never refused because of its sender; replies are refused only to senders that cannot receive texts.
/// </summary>
public sealed record SenderAddress(string Value, SenderKind Kind)
{
    public const int MaxLength = 32;

    public bool CanReceiveTexts => Kind is SenderKind.PhoneNumber or SenderKind.UnverifiedNumber;

    public static SenderAddress? Parse(string? reported, PhoneNumberNormalizer phones)
    {
        var raw = new string((reported ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (raw.Length == 0)
        {
            return null;
        }

        if (phones.TryNormalize(raw, out var e164))
        {
            return new SenderAddress(e164, SenderKind.PhoneNumber);
        }

        var digits = PhoneNumberNormalizer.Digits(raw);
        var numeric = raw.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.');
        if (numeric && digits.Length is >= 3 and <= 8 && !raw.StartsWith('+'))
        {
            return new SenderAddress(digits, SenderKind.ShortCode);
        }

        if (numeric && digits.Length is >= 8 and <= 15)
        {
            // National numbers of the default region (NANP: 10 digits) get its country code; anything else is taken as international.
            var international = raw.StartsWith('+') ? digits
                : phones.DefaultRegion == "US" && digits.Length == 10 ? "1" + digits
                : digits;
            return new SenderAddress("+" + international, SenderKind.UnverifiedNumber);
        }

        return new SenderAddress(raw.Length <= MaxLength ? raw : raw[..MaxLength], SenderKind.Alphanumeric);
    }

    /// <summary>What a stored customer address is, from its shape alone (as <see cref="Parse"/> stored it).</summary>
    public static SenderKind KindOf(string stored) =>
        stored.StartsWith('+') && stored.Length > 1 && stored[1..].All(char.IsAsciiDigit) ? SenderKind.PhoneNumber
        : stored.All(char.IsAsciiDigit) ? SenderKind.ShortCode
        : SenderKind.Alphanumeric;

    /// <summary>Why a reply to this address cannot be sent, or null when it can.</summary>
    public static string? WhyUntextable(string? stored) => stored is null or "" ? "This customer has no mobile number to text."
        : KindOf(stored) switch
        {
            SenderKind.ShortCode => $"{stored} is a short code: it can send texts but cannot receive them from the dealership's number.",
            SenderKind.Alphanumeric => $"\"{stored}\" is a sender name, not a phone number: it cannot receive texts.",
            _ => null,
        };
}

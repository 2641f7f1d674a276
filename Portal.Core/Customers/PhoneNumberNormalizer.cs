using PhoneNumbers;

namespace Portal.Core.Customers;

/// <summary>
/// Turns what a person or a provider typed into E.164. Anything that is not a valid number is refused:
/// an invalid number is a validation error, never a stored string.
/// </summary>
public sealed class PhoneNumberNormalizer(string defaultRegion = "US")
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public string DefaultRegion { get; } = defaultRegion.ToUpperInvariant();

    public bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }

        try
        {
            var number = Util.Parse(input.Trim(), DefaultRegion);
            if (!Util.IsValidNumber(number))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    public string Normalize(string input) =>
        TryNormalize(input, out var e164)
            ? e164
            : throw new Common.ValidationException("Phone", $"'{input}' is not a valid phone number.");

    /// <summary>National format for display, e.g. (415) 555-0132; E.164 for numbers from other regions.</summary>
    public string Format(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return "";
        }

        try
        {
            var number = Util.Parse(e164, DefaultRegion);
            return Util.GetRegionCodeForNumber(number) == DefaultRegion
                ? Util.Format(number, PhoneNumberFormat.NATIONAL)
                : Util.Format(number, PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>Digits only, for matching a partial number typed into a search box.</summary>
    public static string Digits(string input) => new(input.Where(char.IsAsciiDigit).ToArray());
}

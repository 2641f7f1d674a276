namespace Portal.Core.Messages;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <param name="Length">What the carrier counts (GSM-7 septets or UTF-16 units), which decides the segments.</param>
/// <param name="Characters">What a person counts: € and 🚗 are one character each.</param>
public sealed record SmsSegments(SmsEncoding Encoding, int Length, int Segments, int PerSegment, int Remaining, int Characters = 0)
{
    /// <summary>Longer than the portal sends (<see cref="MessageBodyLimits.MaxTextLength"/>).</summary>
    public bool TooLong { get; init; }
}

/// <summary>
/// How carriers will split a text: GSM-7 fits 160 characters in one segment and 153 per segment when split
/// (the extended characters such as € and {} take two); anything outside GSM-7 sends the whole text as UCS-2,
/// 70 characters in one segment and 67 when split, where characters outside the BMP (most emoji) take two.
/// </summary>
public static class SmsSegmentCounter
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extended = "^{}\\[~]|€\f";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtendedSet = [.. Extended];

    public static SmsSegments Count(string? text)
    {
        text ??= "";
        var gsmLength = 0;
        var isGsm = true;
        foreach (var c in text)
        {
            if (BasicSet.Contains(c))
            {
                gsmLength += 1;
            }
            else if (ExtendedSet.Contains(c))
            {
                gsmLength += 2;
            }
            else
            {
                isGsm = false;
                break;
            }
        }

        var segments = isGsm ? Split(SmsEncoding.Gsm7, gsmLength, 160, 153) : Split(SmsEncoding.Ucs2, text.Length, 70, 67);
        return segments with { Characters = new System.Globalization.StringInfo(text).LengthInTextElements, TooLong = text.Length > MessageBodyLimits.MaxTextLength };
    }

    private static SmsSegments Split(SmsEncoding encoding, int length, int single, int multi)
    {
        if (length <= single)
        {
            return new SmsSegments(encoding, length, length == 0 ? 0 : 1, single, single - length);
        }

        var segments = (length + multi - 1) / multi;
        return new SmsSegments(encoding, length, segments, multi, segments * multi - length);
    }
}

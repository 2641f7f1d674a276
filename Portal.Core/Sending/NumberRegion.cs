namespace Portal.Core.Sending;

/// <summary>Where a number is from, for quiet-hour rules: its country ("GB"), or for a US number its state ("US-FL") when its area says.</summary>
public static class NumberRegion
{
    private static readonly Dictionary<string, string> States = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alabama"] = "AL", ["Alaska"] = "AK", ["Arizona"] = "AZ", ["Arkansas"] = "AR", ["California"] = "CA", ["Colorado"] = "CO",
        ["Connecticut"] = "CT", ["Delaware"] = "DE", ["Florida"] = "FL", ["Georgia"] = "GA", ["Hawaii"] = "HI", ["Idaho"] = "ID",
        ["Illinois"] = "IL", ["Indiana"] = "IN", ["Iowa"] = "IA", ["Kansas"] = "KS", ["Kentucky"] = "KY", ["Louisiana"] = "LA",
        ["Maine"] = "ME", ["Maryland"] = "MD", ["Massachusetts"] = "MA", ["Michigan"] = "MI", ["Minnesota"] = "MN", ["Mississippi"] = "MS",
        ["Missouri"] = "MO", ["Montana"] = "MT", ["Nebraska"] = "NE", ["Nevada"] = "NV", ["New Hampshire"] = "NH", ["New Jersey"] = "NJ",
        ["New Mexico"] = "NM", ["New York"] = "NY", ["North Carolina"] = "NC", ["North Dakota"] = "ND", ["Ohio"] = "OH", ["Oklahoma"] = "OK",
        ["Oregon"] = "OR", ["Pennsylvania"] = "PA", ["Rhode Island"] = "RI", ["South Carolina"] = "SC", ["South Dakota"] = "SD",
        ["Tennessee"] = "TN", ["Texas"] = "TX", ["Utah"] = "UT", ["Vermont"] = "VT", ["Virginia"] = "VA", ["Washington"] = "WA",
        ["Washington State"] = "WA", ["West Virginia"] = "WV", ["Wisconsin"] = "WI", ["Wyoming"] = "WY", ["Washington D.C."] = "DC",
    };

    /// <summary>"US-FL" or "GB" (any case), or a US state's name ("Florida"), read as a region code; false for anything else.</summary>
    public static bool TryRead(string text, out string? region)
    {
        var trimmed = text.Trim();
        region = States.TryGetValue(trimmed, out var state) ? $"US-{state}"
            : IsCode(trimmed) && (trimmed.Length == 5 ? States.ContainsValue(trimmed[3..].ToUpperInvariant()) && trimmed[..2].Equals("US", StringComparison.OrdinalIgnoreCase) : IsCountry(trimmed))
                ? trimmed.ToUpperInvariant()
                : null;
        return region is not null;
    }

    /// <summary>
    /// A place as a US dealership's lead file writes it: a state's two letters ("FL", and "CA" is California, not
    /// Canada), a state's name, or what <see cref="TryRead"/> reads.
    /// </summary>
    public static bool TryReadState(string text, out string? region)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 2 && States.ContainsValue(trimmed.ToUpperInvariant()))
        {
            region = $"US-{trimmed.ToUpperInvariant()}";
            return true;
        }

        return TryRead(trimmed, out region);
    }

    /// <summary>Every US state ("US-FL") and country ("GB") a customer can be recorded in, by name.</summary>
    public static IReadOnlyList<(string Code, string Name)> All { get; } =
    [
        .. States.Where(s => s.Key != "Washington State").Select(s => ($"US-{s.Value}", s.Key)).OrderBy(s => s.Key),
        .. System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.SpecificCultures)
            .Select(c => { try { return new System.Globalization.RegionInfo(c.Name); } catch (ArgumentException) { return null; } })
            .OfType<System.Globalization.RegionInfo>()
            .Where(r => r.TwoLetterISORegionName.Length == 2 && char.IsAsciiLetter(r.TwoLetterISORegionName[0]))
            .DistinctBy(r => r.TwoLetterISORegionName)
            .Select(r => (r.TwoLetterISORegionName, r.EnglishName))
            .OrderBy(r => r.EnglishName),
    ];

    /// <summary>"US-FL" or "GB": two letters, or two and a state's two after a dash.</summary>
    public static bool IsCode(string value) =>
        value.Length is 2 or 5 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1])
        && (value.Length == 2 || (value[2] == '-' && char.IsAsciiLetter(value[3]) && char.IsAsciiLetter(value[4])));

    private static bool IsCountry(string code)
    {
        try
        {
            return new System.Globalization.RegionInfo(code).TwoLetterISORegionName.Equals(code, StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>"Florida" for US-FL, "the US" for US, "United Kingdom" for GB: a region as a sentence names it.</summary>
    public static string Describe(string region)
    {
        if (region.StartsWith("US-", StringComparison.OrdinalIgnoreCase))
        {
            return States.FirstOrDefault(s => string.Equals(s.Value, region[3..], StringComparison.OrdinalIgnoreCase)).Key ?? region;
        }

        if (string.Equals(region, "US", StringComparison.OrdinalIgnoreCase))
        {
            return "the US";
        }

        try
        {
            return new System.Globalization.RegionInfo(region).EnglishName;
        }
        catch (ArgumentException)
        {
            return region;
        }
    }

    public static string? Of(string? phone)
    {
        if (phone is not { Length: > 1 } || phone[0] != '+')
        {
            return null;
        }

        try
        {
            var number = PhoneNumbers.PhoneNumberUtil.GetInstance().Parse(phone, null);
            var country = PhoneNumbers.PhoneNumberUtil.GetInstance().GetRegionCodeForNumber(number);
            if (country is null or "ZZ" or "")
            {
                return null;
            }

            if (country != "US")
            {
                return country;
            }

            // The US descriptions are "Florida" or "Chicago, IL".
            var place = PhoneNumbers.PhoneNumberOfflineGeocoder.GetInstance().GetDescriptionForNumber(number, PhoneNumbers.Locale.English);
            var comma = place.LastIndexOf(',');
            var state = comma >= 0 ? place[(comma + 1)..].Trim() : States.GetValueOrDefault(place.Trim());
            return state is { Length: 2 } ? $"US-{state.ToUpperInvariant()}" : "US";
        }
        catch (PhoneNumbers.NumberParseException)
        {
            return null;
        }
    }
}

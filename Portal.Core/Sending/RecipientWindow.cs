using System.Globalization;
using Portal.Core.Departments;

namespace Portal.Core.Sending;

/// <summary>
/// The one sending-window rule, for every path (a person's reply, a text scheduled for later, the integration API, a
/// retry, an automation, a campaign): the department's hours, judged in the recipient's local time. The recipient's
/// zone is their own when recorded, else every zone their number may be in (open only when open in all of them), else
/// the department's.
/// </summary>
public sealed class RecipientWindow
{
    private readonly HolidayCalendar holidays;

    private RecipientWindow(SendingHours hours, IReadOnlyList<TimeZoneInfo> zones, RecipientZoneSource source, HolidayCalendar holidays, Stricter? stricter = null)
    {
        Hours = hours;
        Zones = zones;
        Source = source;
        this.holidays = holidays;
        StricterBy = stricter;
    }

    /// <summary>The hours, narrowed by any stricter rule for where the number is from.</summary>
    public SendingHours Hours { get; }

    /// <summary>The department's hours before a stricter rule narrowed them, and the place the rule is for; null when none applies.</summary>
    public Stricter? StricterBy { get; }

    /// <param name="Usual">The department's hours for everyone else.</param>
    /// <param name="Region">The place the strictest covering rule is for ("US-FL", "GB").</param>
    public sealed record Stricter(SendingHours Usual, string Region);

    /// <summary>The zones the recipient may be in: one, or several when their number's area spans zones.</summary>
    public IReadOnlyList<TimeZoneInfo> Zones { get; }

    public RecipientZoneSource Source { get; }

    /// <summary>The recipient's one zone when it is known (recorded, or the only zone of their number); null otherwise.</summary>
    public TimeZoneInfo? KnownZone => Source != RecipientZoneSource.Department && Zones.Count == 1 ? Zones[0] : null;

    /// <summary>
    /// The window for <paramref name="customer"/>: the department's hours (a campaign's held within 8:00–21:00), narrowed
    /// by the department's stricter rules for where they live and where their number is from, closed on its holidays, in
    /// the customer's time.
    /// </summary>
    public static RecipientWindow For(Department department, Customers.Customer customer, bool campaign = false) =>
        For(campaign ? Campaigns.CampaignWindow.For(department.SendingHours) : department.SendingHours, customer.TimeZoneId, customer.Phone, department.TimeZone,
            department.StricterRules, department.HolidayDates, customer.Region);

    /// <param name="customerRegion">Where the customer lives, when recorded ("US-FL"): its rules apply as well as those of the number's area.</param>
    public static RecipientWindow For(
        SendingHours hours, string? customerZoneId, string? phone, TimeZoneInfo departmentZone,
        IReadOnlyList<QuietHourRule>? rules = null, HolidayCalendar? holidays = null, string? customerRegion = null)
    {
        Stricter? stricter = null;
        if (rules is { Count: > 0 })
        {
            // A customer who moved to Florida keeps their New York number: both places' rules hold, the stricter wins.
            string?[] regions = [customerRegion, NumberRegion.Of(phone)];
            var covering = rules.Where(r => regions.Any(r.Covers)).ToList();
            if (covering.Count > 0)
            {
                stricter = new Stricter(hours, covering.OrderBy(r => r.End - r.Start).ThenByDescending(r => r.Region.Length).First().Region);
                hours = covering.Aggregate(hours, (narrowed, rule) => narrowed.Within(rule.Start, rule.End));
            }
        }

        holidays ??= HolidayCalendar.None;
        if (customerZoneId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(customerZoneId, out var own))
        {
            return new RecipientWindow(hours, [own], RecipientZoneSource.Customer, holidays, stricter);
        }

        var byNumber = ZonesOfNumber(phone);
        if (byNumber.Count > 0 && !TooFarApart(byNumber, hours))
        {
            return new RecipientWindow(hours, byNumber, RecipientZoneSource.Number, holidays, stricter);
        }

        // Nothing known, or a number that could be anywhere (a +1 number with no area spans Guam to Hawaii, whose
        // windows never meet): the department's zone stands in, and staff are told so.
        return new RecipientWindow(hours, [departmentZone], RecipientZoneSource.Department, holidays, stricter);
    }

    /// <summary>
    /// True when the zones' clocks differ by as much as the shortest day's window is long: on that day no moment is open
    /// in all of them, and a text would wait for a moment that never comes.
    /// </summary>
    private static bool TooFarApart(IReadOnlyList<TimeZoneInfo> zones, SendingHours hours)
    {
        var offsets = zones.Select(z => z.BaseUtcOffset).ToList();
        var shortest = Enum.GetValues<DayOfWeek>().Select(hours.On).OfType<(TimeOnly Start, TimeOnly End)>()
            .Select(open => open.End - open.Start).DefaultIfEmpty(hours.End - hours.Start).Min();
        return offsets.Max() - offsets.Min() >= shortest;
    }

    /// <summary>Open only when it is open in every zone the recipient may be in.</summary>
    public bool IsOpen(DateTime utc) => Zones.All(zone => !IsHoliday(utc, zone) && SendingWindow.IsOpen(utc, Hours, zone));

    /// <summary><paramref name="utc"/> when open, else the first moment after it that is open in every one of the zones.</summary>
    public DateTime NextOpening(DateTime utc)
    {
        var at = utc;
        // Neighbouring zones' windows overlap, so the latest opening is open everywhere; the loop covers DST edges and
        // holidays (a holiday moves to the next local day, whose opening the next turn finds): two turns a day at most,
        // for as many days as a department can list holidays, and a week more.
        for (var i = 0; i < 2 * (HolidayCalendar.MaxEntries + 8) && !IsOpen(at); i++)
        {
            at = Zones.FirstOrDefault(zone => IsHoliday(at, zone)) is { } closed
                ? StartOfNextDay(at, closed)
                : Zones.Max(zone => SendingWindow.NextOpening(at, Hours, zone));
        }

        return at;
    }

    private bool IsHoliday(DateTime utc, TimeZoneInfo zone) =>
        !holidays.IsEmpty && holidays.Contains(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone)));

    /// <summary>Midnight at the start of the next local day (or its first minute that exists).</summary>
    private static DateTime StartOfNextDay(DateTime utc, TimeZoneInfo zone) =>
        Reports.ReportRange.StartOfDay(TimeZoneInfo.ConvertTimeFromUtc(utc, zone).Date.AddDays(1), zone);

    /// <summary>"5:32 PM in Honolulu", "9:32 PM–10:32 PM where their number may be", or "9:32 PM" (the department's zone).</summary>
    public string LocalTime(DateTime utc)
    {
        var times = Zones.Select(zone => TimeZoneInfo.ConvertTimeFromUtc(utc, zone)).OrderBy(t => t).ToList();
        return KnownZone is { } zone
            ? $"{Clock(times[0])} in {PlaceOf(zone)}"
            : times[0] == times[^1] ? Clock(times[0]) : $"{Clock(times[0])}–{Clock(times[^1])}";
    }

    /// <summary>The sentence a person reads before a text goes outside the window: the customer's time first, then theirs.</summary>
    public string Explain(DateTime utc, string customerName, TimeZoneInfo departmentZone, bool isNow)
    {
        var ours = Clock(TimeZoneInfo.ConvertTimeFromUtc(utc, departmentZone));
        var theirs = LocalTime(utc);
        // The sender's own clock only when it differs from the customer's.
        var here = Zones.All(zone => Clock(TimeZoneInfo.ConvertTimeFromUtc(utc, zone)) == ours) ? null : $"{ours} here";
        var holiday = Zones.Any(zone => IsHoliday(utc, zone));
        var closedDay = Zones.Select(zone => TimeZoneInfo.ConvertTimeFromUtc(utc, zone).DayOfWeek).Where(day => Hours.On(day) is null).Select(day => (DayOfWeek?)day).FirstOrDefault();
        var why = holiday ? "a holiday the department does not text on" : closedDay is { } day ? $"the department does not text on {day}s" : Source switch
        {
            RecipientZoneSource.Department => "their time zone is not known, so the department's is used",
            _ when KnownZone is null => "their number's area spans time zones",
            _ => null,
        };
        var notes = string.Join("; ", new[] { here, why }.OfType<string>());
        var aside = notes.Length == 0 ? "" : $" ({notes})";
        // Closed only by the stricter rule: say whose rule, and its hours, rather than the department's.
        var whose = !holiday && StricterBy is { } stricter && Zones.All(zone => SendingWindow.IsOpen(utc, stricter.Usual, zone))
            ? $"the hours the department keeps for {NumberRegion.Describe(stricter.Region)} ({DescribeHours(utc)})"
            : "the department's sending hours";
        return isNow
            ? $"It is {theirs} for {customerName}{aside}, outside {whose}."
            : $"{theirs} for {customerName}{aside} is outside {whose}.";
    }

    /// <summary>"8:00 AM–8:00 PM": the hours on the recipient's day at <paramref name="utc"/>.</summary>
    private string DescribeHours(DateTime utc)
    {
        var day = TimeZoneInfo.ConvertTimeFromUtc(utc, Zones[0]).DayOfWeek;
        return Hours.On(day) is { } open
            ? $"{Clock(DateTime.MinValue + open.Start.ToTimeSpan())}–{Clock(DateTime.MinValue + open.End.ToTimeSpan())}"
            : "closed that day";
    }

    /// <summary>What staff call a customer in a sentence: their first name, else what the inbox shows.</summary>
    public static string NameOf(Customers.Customer customer) => customer.FirstName is { Length: > 0 } first ? first : customer.DisplayName;

    /// <summary>"Honolulu" for Pacific/Honolulu, "Los Angeles" for America/Los_Angeles.</summary>
    public static string PlaceOf(TimeZoneInfo zone)
    {
        var id = TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
        var slash = id.LastIndexOf('/');
        return (slash >= 0 ? id[(slash + 1)..] : id).Replace('_', ' ');
    }

    private static string Clock(DateTime local) => local.ToString("h:mm tt", CultureInfo.InvariantCulture);

    private static List<TimeZoneInfo> ZonesOfNumber(string? phone)
    {
        if (phone is not { Length: > 1 } || phone[0] != '+')
        {
            return [];
        }

        try
        {
            var number = PhoneNumbers.PhoneNumberUtil.GetInstance().Parse(phone, null);
            return [.. PhoneNumbers.PhoneNumberToTimeZonesMapper.GetInstance().GetTimeZonesForNumber(number)
                .Select(id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null)
                .OfType<TimeZoneInfo>()];
        }
        catch (PhoneNumbers.NumberParseException)
        {
            return [];
        }
    }
}

/// <summary>Where a recipient's zone came from.</summary>
public enum RecipientZoneSource
{
    /// <summary>Recorded on the customer.</summary>
    Customer,

    /// <summary>The zone or zones of the number's area.</summary>
    Number,

    /// <summary>Nothing known: the department's zone stands in.</summary>
    Department,
}

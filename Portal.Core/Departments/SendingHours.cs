namespace Portal.Core.Departments;

/// <summary>The local window in which automated texts may go out. US law allows 8:00–21:00; a dealership may narrow it.</summary>
public sealed record SendingHours(TimeOnly Start, TimeOnly End)
{
    public static readonly TimeOnly LegalStart = new(8, 0);
    public static readonly TimeOnly LegalEnd = new(21, 0);
    public static SendingHours Default { get; } = new(LegalStart, LegalEnd);

    public bool IsWithinLegalWindow => Start >= LegalStart && End <= LegalEnd && Start < End;

    public bool Contains(TimeOnly localTime) => localTime >= Start && localTime < End;
}

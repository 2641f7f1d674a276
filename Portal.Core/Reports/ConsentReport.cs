using Portal.Core.Consent;

namespace Portal.Core.Reports;

public sealed record ConsentDay(DateOnly Day, int OptOuts, int OptIns);

public sealed record ConsentSourceCount(ConsentSource Source, int OptOuts, int OptIns);

/// <summary>
/// Opt-outs and opt-ins recorded in the range (by when the customer acted), per local day and by who recorded them,
/// and opt-outs per 1,000 texts sent in the same range.
/// </summary>
public sealed record ConsentReport(int OptOuts, int OptIns, int TextsSent, IReadOnlyList<ConsentDay> ByDay, IReadOnlyList<ConsentSourceCount> BySource)
{
    public double? OptOutsPer1000Sent => TextsSent == 0 ? null : Math.Round(OptOuts * 1000.0 / TextsSent, 1);
}

namespace Portal.Core.Departments;

public sealed record DepartmentSummary(Guid Id, string Name, string TimeZoneId, SendingHours SendingHours, string? HelpText, int MemberCount, int OpenThreads)
{
    /// <summary>Campaigns go only to customers whose opt-in is recorded.</summary>
    public bool MarketingNeedsRecordedConsent { get; init; }
}

/// <summary>Admin-only management of departments.</summary>
public interface IDepartmentAdministration
{
    Task<IReadOnlyList<DepartmentSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates (id null) or updates a department.</summary>
    /// <exception cref="Common.ValidationException">Invalid input or a duplicate name.</exception>
    Task<Guid> SaveAsync(Guid? id, DepartmentInput input, CancellationToken cancellationToken = default);
}

namespace Portal.Core.Departments;

public sealed record DepartmentSummary(Guid Id, string Name, string TimeZoneId, SendingHours SendingHours, string? HelpText, int MemberCount, int OpenThreads)
{
    /// <summary>Campaigns go only to customers whose opt-in is recorded.</summary>
    public bool MarketingNeedsRecordedConsent { get; init; }

    public string? StricterHours { get; init; }

    public string? Holidays { get; init; }

    public string? OptOutLine { get; init; }
}

/// <param name="Configured">Set by the administrator (<c>Portal:DealershipTimeZone</c>), not taken from the departments.</param>
public sealed record DealershipTimeZone(string TimeZoneId, bool Configured);

/// <summary>Admin-only management of departments.</summary>
public interface IDepartmentAdministration
{
    Task<IReadOnlyList<DepartmentSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The zone people read times in when no department's applies (consent history, exports across departments).</summary>
    Task<DealershipTimeZone> GetDealershipTimeZoneAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates (id null) or updates a department.</summary>
    /// <exception cref="Common.ValidationException">Invalid input or a duplicate name.</exception>
    Task<Guid> SaveAsync(Guid? id, DepartmentInput input, CancellationToken cancellationToken = default) => SaveAsync(id, input, null, cancellationToken);

    /// <summary>As <see cref="SaveAsync(Guid?, DepartmentInput, CancellationToken)"/>, recorded in the audit trail as <paramref name="actor"/>'s.</summary>
    Task<Guid> SaveAsync(Guid? id, DepartmentInput input, Common.Actor? actor, CancellationToken cancellationToken = default);
}

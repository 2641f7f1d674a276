using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Reports;

/// <summary>The names of the departments, people and provider accounts a report's rows point at (a removed one says so).</summary>
internal sealed class Names
{
    private IReadOnlyDictionary<Guid, string> departments = new Dictionary<Guid, string>();
    private IReadOnlyDictionary<Guid, string> users = new Dictionary<Guid, string>();
    private IReadOnlyDictionary<Guid, string> accounts = new Dictionary<Guid, string>();

    public string Department(Guid? id) => id is { } known ? departments.GetValueOrDefault(known, "(removed)") : "None";

    public string User(Guid? id) => id is { } known ? users.GetValueOrDefault(known, "(removed)") : "Nobody";

    public string Account(Guid? id) => id is { } known ? accounts.GetValueOrDefault(known, "(removed)") : "No account";

    public static async Task<Names> LoadAsync(
        PortalDbContext db, IEnumerable<Guid> departmentIds, IEnumerable<Guid?> userIds, IEnumerable<Guid?> accountIds, CancellationToken cancellationToken)
    {
        var d = departmentIds.Distinct().ToList();
        var u = userIds.OfType<Guid>().Distinct().ToList();
        var a = accountIds.OfType<Guid>().Distinct().ToList();
        return new Names
        {
            departments = d.Count == 0 ? new Dictionary<Guid, string>() : await db.Departments.Where(x => d.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
            users = u.Count == 0 ? new Dictionary<Guid, string>() : await db.Users.Where(x => u.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.DisplayName, cancellationToken),
            accounts = a.Count == 0 ? new Dictionary<Guid, string>() : await db.ProviderAccounts.Where(x => a.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
        };
    }
}

using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Security;

namespace Portal.Infrastructure.Customers;

internal sealed class CustomerService(
    IDbContextFactory<PortalDbContext> dbFactory, PhoneNumberNormalizer phones, IProviderCatalog providers, IConversationNotifier notifier, TimeProvider clock) : ICustomerService
{
    public async Task<PagedResult<CustomerListItem>> SearchAsync(DepartmentScope scope, string? query, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var customers = Visible(db, scope);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var departments = scope.DepartmentIds.ToList();
            customers = CustomerSearch.Matching(customers, query, scope.AllDepartments ? null : db.Threads.Where(t => !departments.Contains(t.DepartmentId)));
        }

        var visibleThreads = db.Threads.VisibleTo(scope);
        // A customer shared with a department outside the scope shows only name, number and consent (CustomerWalls).
        var (all, mine) = (scope.AllDepartments, scope.DepartmentIds.ToList());
        var total = await customers.CountAsync(cancellationToken);
        var items = await customers
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(c => new CustomerListItem(
                c.Id,
                (c.FirstName + " " + c.LastName).Trim(),
                c.Phone,
                all || !db.Threads.Any(t => t.CustomerId == c.Id && !mine.Contains(t.DepartmentId)) ? c.Email : null,
                c.Consent,
                all || !db.Threads.Any(t => t.CustomerId == c.Id && !mine.Contains(t.DepartmentId)) ? c.Lead.VehicleOfInterest : null,
                visibleThreads.Count(t => t.CustomerId == c.Id),
                visibleThreads.Where(t => t.CustomerId == c.Id).Max(t => (DateTime?)t.LastActivityAt)))
            .ToListAsync(cancellationToken);
        return new PagedResult<CustomerListItem>(items, total, page, pageSize);
    }

    public async Task<AccessResult<CustomerDetail>> GetAsync(DepartmentScope scope, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        if (customer is null)
        {
            return AccessResult<CustomerDetail>.NotFound();
        }

        if (!await Visible(db, scope).AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return AccessResult<CustomerDetail>.Forbidden();
        }

        var threads = await db.Threads.AsNoTracking().VisibleTo(scope)
            .Where(t => t.CustomerId == customerId)
            .OrderByDescending(t => t.LastActivityAt)
            .Select(t => new ThreadSummary(t.Id, t.Department!.Name, t.Department.TimeZoneId, t.Status, t.LastActivityAt))
            .ToListAsync(cancellationToken);
        var ledger = customer.Phone is null ? [] : await db.ConsentEntries.AsNoTracking().Where(e => e.Number == customer.Phone)
            .OrderByDescending(e => e.ActedAt).ThenByDescending(e => e.RecordedAt).ToListAsync(cancellationToken);
        var shared = await CustomerWalls.SharedBeyondAsync(db, scope, customerId, cancellationToken);
        var messageIds = ledger.Select(e => e.MessageId).OfType<Guid>().ToList();
        var threadIds = threads.Select(t => t.Id).ToList();
        var messageThreads = messageIds.Count == 0 ? new Dictionary<Guid, Guid>() : await db.Messages.AsNoTracking()
            .Where(m => messageIds.Contains(m.Id) && threadIds.Contains(m.ThreadId)).ToDictionaryAsync(m => m.Id, m => m.ThreadId, cancellationToken);
        return AccessResult<CustomerDetail>.Found(new CustomerDetail(shared ? CustomerWalls.AsShared(customer) : customer, threads, ledger, shared)
        {
            LedgerMessageThreads = messageThreads,
        });
    }

    public async Task<Guid> CreateAsync(DepartmentScope scope, CustomerInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var phone = NormalizePhone(input.Phone);
        if (input.OpenThreadInDepartmentId is { } departmentId && !scope.Allows(departmentId))
        {
            throw new ValidationException(nameof(CustomerInput.OpenThreadInDepartmentId), "You are not a member of that department.");
        }

        var customer = new Customer();
        Apply(customer, input, phone);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RefuseTakenNumberAsync(db, phone, customer.Id, cancellationToken);
        await Consent.NumberConsent.ShowOnAsync(db, customer, cancellationToken);
        db.Customers.Add(customer);
        if (input.OpenThreadInDepartmentId is { } openIn)
        {
            if (!await db.Departments.AnyAsync(d => d.Id == openIn, cancellationToken))
            {
                throw new ValidationException(nameof(CustomerInput.OpenThreadInDepartmentId), "That department does not exist.");
            }

            db.Threads.Add(new ConversationThread
            {
                DepartmentId = openIn,
                CustomerId = customer.Id,
                AssigneeId = actor.UserId,
                LastActivityAt = clock.GetUtcNow().UtcDateTime,
            });
        }

        await SaveOrRefuseTakenNumberAsync(db, phone, customer.Id, cancellationToken);
        return customer.Id;
    }

    public async Task UpdateAsync(DepartmentScope scope, Guid customerId, CustomerInput input, CancellationToken cancellationToken = default)
    {
        var phone = NormalizePhone(input.Phone);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken)
            ?? throw new NotFoundException("The customer");
        if (!await Visible(db, scope).AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new AccessDeniedException();
        }

        if (await CustomerWalls.SharedBeyondAsync(db, scope, customerId, cancellationToken))
        {
            throw new AccessDeniedException(CustomerWalls.SharedRefusal);
        }

        Apply(customer, input, phone);
        await RefuseTakenNumberAsync(db, phone, customer.Id, cancellationToken);
        await Consent.NumberConsent.ShowOnAsync(db, customer, cancellationToken);
        await SaveOrRefuseTakenNumberAsync(db, phone, customer.Id, cancellationToken);

        // Every open inbox and thread showing this customer shows the new name.
        foreach (var thread in await db.Threads.AsNoTracking().Where(t => t.CustomerId == customerId).ToListAsync(cancellationToken))
        {
            await notifier.PublishAsync(ConversationEvents.ThreadUpdated(thread, customer), CancellationToken.None);
        }
    }

    public async Task<IReadOnlyList<PhoneMatch>> FindByPhoneAsync(DepartmentScope scope, string? phone, Guid? except = null, CancellationToken cancellationToken = default)
    {
        if (!phones.TryNormalize(phone, out var e164))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = Visible(db, scope);
        return await db.Customers.AsNoTracking()
            .Where(c => c.Phone == e164 && c.Id != except)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new PhoneMatch(c.Id, (c.FirstName + " " + c.LastName).Trim() == "" ? c.Phone! : (c.FirstName + " " + c.LastName).Trim(),
                c.Consent == ConsentStatus.OptedOut, visible.Any(v => v.Id == c.Id)))
            .ToListAsync(cancellationToken);
    }


    /// <summary>A number belongs to one customer of the dealership: a second record for it is refused, naming the first.</summary>
    private async Task RefuseTakenNumberAsync(PortalDbContext db, string? phone, Guid customerId, CancellationToken cancellationToken)
    {
        if (phone is null)
        {
            return;
        }

        var holder = await db.Customers.AsNoTracking().Where(c => c.Phone == phone && c.Id != customerId)
            .Select(c => new { c.FirstName, c.LastName }).FirstOrDefaultAsync(cancellationToken);
        if (holder is not null)
        {
            var name = $"{holder.FirstName} {holder.LastName}".Trim();
            throw new ValidationException(nameof(CustomerInput.Phone),
                $"{phones.Format(phone)} is already {(name.Length > 0 ? name : "another customer")}'s number. A number belongs to one customer: open that customer instead.");
        }
    }

    /// <summary>Saves; a record given the number by someone else at the same moment loses to the database's unique index.</summary>
    private async Task SaveOrRefuseTakenNumberAsync(PortalDbContext db, string? phone, Guid customerId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (phone is not null)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            await RefuseTakenNumberAsync(fresh, phone, customerId, cancellationToken);
            throw;
        }
    }

    /// <summary>Customers with a thread in one of the scope's departments, plus customers not yet in any thread.</summary>
    private static IQueryable<Customer> Visible(PortalDbContext db, DepartmentScope scope)
    {
        if (scope.AllDepartments)
        {
            return db.Customers.AsNoTracking();
        }

        var visibleThreads = db.Threads.VisibleTo(scope);
        return db.Customers.AsNoTracking().Where(c =>
            visibleThreads.Any(t => t.CustomerId == c.Id) || !db.Threads.Any(t => t.CustomerId == c.Id));
    }

    private string? NormalizePhone(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        return phones.TryNormalize(input, out var e164)
            ? e164
            : throw new ValidationException(nameof(CustomerInput.Phone), "Enter a valid phone number, e.g. (415) 555-0132 or +14155550132.");
    }

    private void Apply(Customer customer, CustomerInput input, string? phone)
    {
        var idFields = providers.CustomerIdFields;
        foreach (var (module, value) in input.ExternalIds)
        {
            var field = idFields.FirstOrDefault(f => f.Module == module)
                ?? throw new ValidationException($"{nameof(CustomerInput.ExternalIds)}.{module}", $"No system here keeps a customer id called '{module}'.");
            if (value?.Trim().Length > CustomerExternalId.MaxLength)
            {
                throw new ValidationException($"{nameof(CustomerInput.ExternalIds)}.{module}", $"{field.Label} can be at most {CustomerExternalId.MaxLength} characters.");
            }

            customer.SetExternalId(module, value);
        }

        if (input.TimeZoneId is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw new ValidationException(nameof(CustomerInput.TimeZoneId), $"“{zone}” is not a time zone. Pick one from the list, such as Pacific/Honolulu, or leave it blank to go by their number.");
        }

        string? region = null;
        if (input.Region is { } written && !Core.Sending.NumberRegion.TryRead(written, out region))
        {
            throw new ValidationException(nameof(CustomerInput.Region), $"“{written}” is not a state or country. Write US-FL (or Florida) for a US state, or a country code such as GB, or leave it blank to go by their number.");
        }

        customer.TimeZoneId = input.TimeZoneId;
        customer.Region = region;
        customer.FirstName = input.FirstName.Trim();
        customer.LastName = input.LastName.Trim();
        customer.Phone = phone;
        customer.Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        customer.PreferredChannel = input.PreferredChannel;
        customer.Lead = new Core.Customers.LeadProfile
        {
            VehicleOfInterest = Clean(input.VehicleOfInterest),
            Budget = input.Budget,
            TimeToPurchase = Clean(input.TimeToPurchase),
            ProcessStatus = Clean(input.ProcessStatus),
            SalesRep = Clean(input.SalesRep),
            Source = customer.Lead.Source,
        };
        customer.Tags = (input.Tags ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

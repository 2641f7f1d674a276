using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Integration;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Customers;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Integration;

internal sealed class IntegrationQueries(IDbContextFactory<PortalDbContext> dbFactory) : IIntegrationQueries
{
    public async Task<PagedResult<ApiThread>> ThreadsAsync(DepartmentScope scope, Guid departmentId, ThreadStatus? status, DateTime? updatedSince, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (!scope.Allows(departmentId))
        {
            throw new AccessDeniedException();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var threads = db.Threads.AsNoTracking().Where(t => t.DepartmentId == departmentId);
        if (status is { } wanted)
        {
            threads = threads.Where(t => t.Status == wanted);
        }

        if (updatedSince is { } since)
        {
            var utc = DateTime.SpecifyKind(since, DateTimeKind.Utc);
            threads = threads.Where(t => t.LastActivityAt >= utc || t.UpdatedAt >= utc);
        }

        var total = await threads.CountAsync(cancellationToken);
        var items = await threads.OrderByDescending(t => t.LastActivityAt).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(t => new ApiThread(t.Id, t.DepartmentId, t.CustomerId, (t.Customer!.FirstName + " " + t.Customer.LastName).Trim(), t.Customer.Phone,
                t.Status, t.LastActivityAt, t.LastInboundAt, t.LastMessagePreview, t.AssigneeId))
            .ToListAsync(cancellationToken);
        return new PagedResult<ApiThread>(items, total, page, pageSize);
    }

    public async Task<AccessResult<PagedResult<Message>>> MessagesAsync(DepartmentScope scope, Guid threadId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departmentId = await db.Threads.Where(t => t.Id == threadId).Select(t => (Guid?)t.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        if (departmentId is null)
        {
            return AccessResult<PagedResult<Message>>.NotFound();
        }

        if (!scope.Allows(departmentId.Value))
        {
            return AccessResult<PagedResult<Message>>.Forbidden();
        }

        var messages = db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId);
        var total = await messages.CountAsync(cancellationToken);
        var items = await messages.OrderBy(m => m.OccurredAt).ThenBy(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return AccessResult<PagedResult<Message>>.Found(new PagedResult<Message>(items, total, page, pageSize));
    }

    public async Task<AccessResult<Message>> MessageAsync(DepartmentScope scope, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Messages.AsNoTracking().Where(m => m.Id == messageId)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { Message = m, t.DepartmentId })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? AccessResult<Message>.NotFound()
            : scope.Allows(found.DepartmentId) ? AccessResult<Message>.Found(found.Message)
            : AccessResult<Message>.Forbidden();
    }

    public async Task<(Message Message, Guid CustomerId, Guid DepartmentId)?> FindByIdempotencyKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Messages.AsNoTracking().Where(m => m.IdempotencyKey == key)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { Message = m, t.CustomerId, t.DepartmentId })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Message, found.CustomerId, found.DepartmentId);
    }

    public async Task<IReadOnlyList<Core.Customers.Customer>> CustomersAsync(DepartmentScope scope, IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var shared = await CustomerWalls.SharedBeyondAsync(db, scope, ids, cancellationToken);
        return [.. ids.Where(found.ContainsKey).Select(id => shared.Contains(id) ? CustomerWalls.AsShared(found[id]) : found[id])];
    }

    public async Task<bool> IsOptedOutAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var phone = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Phone).FirstOrDefaultAsync(cancellationToken);
        return await Consent.OptedOutNumbers.IncludesAsync(db, phone, cancellationToken);
    }

    public async Task EnsureDepartmentAsync(DepartmentScope scope, Guid departmentId, CancellationToken cancellationToken = default)
    {
        if (!scope.Allows(departmentId))
        {
            throw new AccessDeniedException("This key may not use that department.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId, cancellationToken))
        {
            throw new NotFoundException("The department");
        }
    }

    public async Task<Guid?> FindCustomerAsync(string e164, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Customers.Where(c => c.Phone == e164).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Guid> FindOrCreateCustomerAsync(string e164, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Customers.Where(c => c.Phone == e164).OrderBy(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            return id;
        }

        // Consent is the number's: its ledger is honoured by every send, whichever record it is sent through.
        var customer = new Core.Customers.Customer { Phone = e164 };
        await Consent.NumberConsent.ShowOnAsync(db, customer, cancellationToken);
        db.Customers.Add(customer);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return customer.Id;
        }
        catch (DbUpdateException)
        {
            // A text to the same new number at the same moment created the customer first.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await fresh.Customers.Where(c => c.Phone == e164).Select(c => c.Id).SingleAsync(cancellationToken);
        }
    }
}

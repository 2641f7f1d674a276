using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Security;
using Portal.Core.Threads;

namespace Portal.Infrastructure.Threads;

public sealed class ConversationStarter(ICustomerService customers, IThreadService threads, PhoneNumberNormalizer phones) : IConversationStarter
{
    public async Task<StartedConversation> StartAsync(DepartmentScope scope, NewConversation request, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!scope.Allows(request.DepartmentId))
        {
            throw new AccessDeniedException();
        }

        if (request.CustomerId is { } picked)
        {
            var detail = await customers.GetAsync(scope, picked, cancellationToken);
            var name = detail.Value?.Customer.DisplayName ?? throw new NotFoundException("The customer");
            return new StartedConversation(await threads.StartAsync(scope, picked, request.DepartmentId, actor, cancellationToken), picked, name, NewCustomer: false, FoundByNumber: false);
        }

        if (!phones.TryNormalize(request.Phone, out var number))
        {
            throw new ValidationException(nameof(NewConversation.Phone), string.IsNullOrWhiteSpace(request.Phone)
                ? "Pick a customer or type their mobile number."
                : $"{request.Phone} is not a number a text can go to.");
        }

        if (await FindAsync(scope, number, cancellationToken) is { } holder)
        {
            return new StartedConversation(await threads.StartAsync(scope, holder.Id, request.DepartmentId, actor, cancellationToken), holder.Id, holder.Name, NewCustomer: false, FoundByNumber: true);
        }

        if (string.IsNullOrWhiteSpace(request.FirstName))
        {
            throw new ValidationException(nameof(NewConversation.FirstName), "Nobody has this number yet: give the new customer's first name.");
        }

        var input = new CustomerInput { FirstName = request.FirstName.Trim(), LastName = request.LastName?.Trim() ?? "", Phone = number, OpenThreadInDepartmentId = null };
        Guid customerId;
        try
        {
            customerId = await customers.CreateAsync(scope, input, actor, cancellationToken);
        }
        catch (ValidationException)
        {
            // A colleague (or an import) gave the number a customer a moment ago: theirs is the one.
            if (await FindAsync(scope, number, cancellationToken) is not { } raced)
            {
                throw;
            }

            return new StartedConversation(await threads.StartAsync(scope, raced.Id, request.DepartmentId, actor, cancellationToken), raced.Id, raced.Name, NewCustomer: false, FoundByNumber: true);
        }

        var started = await threads.StartAsync(scope, customerId, request.DepartmentId, actor, cancellationToken);
        return new StartedConversation(started, customerId, $"{input.FirstName} {input.LastName}".Trim(), NewCustomer: true, FoundByNumber: false);
    }

    private async Task<PhoneMatch?> FindAsync(DepartmentScope scope, string number, CancellationToken cancellationToken) =>
        (await customers.FindByPhoneAsync(scope, number, cancellationToken: cancellationToken)).FirstOrDefault();
}

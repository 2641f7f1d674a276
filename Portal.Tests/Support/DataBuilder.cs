using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Identity;

namespace Portal.Tests.Support;

/// <summary>Small, explicit test data: a dealership with Sales and Service and a few conversations.</summary>
public static class DataBuilder
{
    public static Department Department(string name) => new() { Name = name, TimeZoneId = "America/Chicago" };

    public static PortalUser User(string name) => new()
    {
        UserName = $"{name.ToLowerInvariant().Replace(' ', '.')}@test.portal",
        Email = $"{name.ToLowerInvariant().Replace(' ', '.')}@test.portal",
        DisplayName = name,
        SecurityStamp = Guid.NewGuid().ToString(),
    };

    public static Customer Customer(string first, string last, string phone) => new() { FirstName = first, LastName = last, Phone = phone };

    /// <summary>The customer's STOP from <paramref name="number"/>, as the number's consent ledger records it.</summary>
    public static Portal.Core.Consent.ConsentEntry Stop(string number, DateTime at, Guid? messageId = null) => new()
    {
        Number = number, Status = ConsentStatus.OptedOut, ActedAt = at, RecordedAt = at,
        Source = Portal.Core.Consent.ConsentSource.Keyword, MessageId = messageId, Detail = "Texted “STOP”",
    };

    public static ConversationThread Thread(Department department, Customer customer, DateTime lastActivity, Guid? assignee = null) => new()
    {
        DepartmentId = department.Id,
        CustomerId = customer.Id,
        AssigneeId = assignee,
        LastActivityAt = lastActivity,
        LastMessagePreview = $"Last message from {customer.FirstName}",
    };

    public static Message Inbound(ConversationThread thread, string body, DateTime at)
    {
        var message = Message.Create(thread.Id, MessageDirection.Inbound, MessageKind.Text, body, MessageStatus.Received, at);
        message.AuthorType = AuthorType.Customer;
        return message;
    }

    public static Message Outbound(ConversationThread thread, string body, DateTime at, params MessageStatus[] path)
    {
        var message = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, body, MessageStatus.Draft, at);
        message.AuthorType = AuthorType.User;
        message.AuthorName = "Alex Rep";
        foreach (var status in path)
        {
            message.MoveTo(status, at);
        }

        return message;
    }
}

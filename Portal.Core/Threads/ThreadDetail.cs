using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;

namespace Portal.Core.Threads;

public sealed record ThreadDetail(
    ConversationThread Thread,
    Customer Customer,
    Department Department,
    IReadOnlyList<Message> Messages,
    string? AssigneeName,
    IReadOnlyList<UserOption> Assignable,
    IReadOnlyList<ThreadSummary> OtherThreads);

public sealed record UserOption(Guid Id, string Name);

public sealed record ThreadSummary(Guid Id, string DepartmentName, string TimeZoneId, ThreadStatus Status, DateTime LastActivityAt);

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
    IReadOnlyList<ThreadSummary> OtherThreads,
    ThreadRoute? Route = null);

/// <summary>The provider account the thread's next text would leave through.</summary>
public sealed record ThreadRoute(Guid AccountId, string Name, bool IsSimulated, string? FromNumber);

public sealed record UserOption(Guid Id, string Name);

public sealed record ThreadSummary(Guid Id, string DepartmentName, string TimeZoneId, ThreadStatus Status, DateTime LastActivityAt);

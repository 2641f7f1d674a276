using Portal.Core.Common;

namespace Portal.Core.Sending;

/// <summary>A text from someone other than the assignee where the department lets only the assignee reply.</summary>
public sealed class AssigneeOnlyException(string assigneeName)
    : DomainException($"Only {assigneeName}, who has this conversation, replies to it. Take it over to reply.")
{
    public string AssigneeName { get; } = assigneeName;
}

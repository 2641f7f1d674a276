namespace Portal.Core.Common;

public sealed class AccessDeniedException(string message = "You do not have access to this department.") : DomainException(message);

public sealed class NotFoundException(string what) : DomainException($"{what} was not found.");

namespace Portal.Core.Common;

/// <summary>Input failed validation; <see cref="Errors"/> maps field names to messages a form can show.</summary>
public sealed class ValidationException : DomainException
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid.") => Errors = errors;

    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] }) { }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

namespace Portal.Core.Common;

/// <summary>Base for aggregate roots: a client-generated id and audit timestamps kept by the persistence layer.</summary>
public abstract class Entity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

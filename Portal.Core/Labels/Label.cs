using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Labels;

/// <summary>A department's own tag for conversations ("Trade-in", "Finance", "Hot lead"), managed by its managers.</summary>
public class Label : Entity
{
    public const int MaxNameLength = 32;

    /// <summary>Colors readable with white text in both themes.</summary>
    public static readonly IReadOnlyList<string> Palette = ["#1565c0", "#2e7d32", "#a33f00", "#6a1b9a", "#ad1457", "#00695c", "#4e342e", "#37474f"];

    public Guid DepartmentId { get; set; }
    public required string Name { get; set; }
    public string Color { get; set; } = Palette[0];
}

/// <summary>A label on a conversation.</summary>
public class ThreadLabel
{
    public Guid ThreadId { get; set; }
    public Guid LabelId { get; set; }
}

public sealed record LabelView(Guid Id, Guid DepartmentId, string Name, string Color);

public interface ILabelService
{
    /// <summary>The labels of the departments in the scope, by department then name.</summary>
    Task<IReadOnlyList<LabelView>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default);

    /// <summary>Adds or renames a department's label (managers and admins); a name the department already uses is refused.</summary>
    Task<Guid> SaveAsync(DepartmentScope scope, Guid departmentId, Guid? labelId, string name, string color, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Removes a label from the department and from every conversation it was on.</summary>
    Task DeleteAsync(DepartmentScope scope, Guid labelId, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Sets a conversation's labels (anyone who may open it); only its department's labels.</summary>
    Task SetOnThreadAsync(DepartmentScope scope, Guid threadId, IReadOnlyCollection<Guid> labelIds, Actor actor, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LabelView>> OfThreadAsync(Guid threadId, CancellationToken cancellationToken = default);
}

using Portal.Core.Common;

namespace Portal.Core.Templates;

public class Template : Entity
{
    /// <summary>Null: shared by every department.</summary>
    public Guid? DepartmentId { get; set; }
    public required string Name { get; set; }
    public TemplateType Type { get; set; } = TemplateType.InitialText;

    /// <summary>Text with merge fields such as <c>{{ customer.first_name }}</c>.</summary>
    public string Body { get; set; } = "";
    public bool IsActive { get; set; } = true;

    /// <summary>Its texts sell (an offer, an event): like a campaign's, they carry the department's opt-out line.</summary>
    public bool IsMarketing { get; set; }
}

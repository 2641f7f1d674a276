using System.ComponentModel.DataAnnotations;
using Portal.Core.Messages;

namespace Portal.Core.Templates;

public sealed class TemplateInput
{
    [Required(ErrorMessage = "Give the template a name.")]
    [StringLength(100, ErrorMessage = "A name can be at most 100 characters.")]
    public string Name { get; set; } = "";

    /// <summary>Null: shared by every department (administrators only).</summary>
    public Guid? DepartmentId { get; set; }

    public TemplateType Type { get; set; } = TemplateType.InitialText;

    [Required(ErrorMessage = "Write the text of the template.")]
    [StringLength(MessageBodyLimits.MaxTextLength, ErrorMessage = "A template can be at most 1,600 characters.")]
    public string Body { get; set; } = "";

    /// <summary>Texts from it sell: they carry the department's opt-out line, as campaign texts do.</summary>
    public bool IsMarketing { get; set; }
}

public sealed record TemplateSummary(
    Guid Id, Guid? DepartmentId, string? DepartmentName, string Name, TemplateType Type, string Body, bool IsActive, DateTime UpdatedAt, bool IsMarketing = false);

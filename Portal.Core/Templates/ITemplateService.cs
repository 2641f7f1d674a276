using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Templates;

/// <param name="IsMarketing">Texts from it carry the opt-out line (see <see cref="Consent.OptOutLine"/>).</param>
public sealed record TemplateOption(Guid Id, string Name, TemplateType Type, string Body, bool IsMarketing = false);

public interface ITemplateService
{
    /// <summary>Active templates a department can use: its own and the shared ones.</summary>
    Task<IReadOnlyList<TemplateOption>> ListForDepartmentAsync(Guid departmentId, CancellationToken cancellationToken = default);

    /// <summary>Templates of the departments in <paramref name="scope"/>, and the shared ones.</summary>
    Task<IReadOnlyList<TemplateSummary>> ListAsync(DepartmentScope scope, bool includeArchived, CancellationToken cancellationToken = default);

    /// <exception cref="ValidationException">A missing name or body, an unknown merge field, a template that does not parse, a taken name.</exception>
    /// <exception cref="AccessDeniedException">A department outside the scope, or a shared template by someone who is not an administrator.</exception>
    Task<Guid> SaveAsync(DepartmentScope scope, Guid? templateId, TemplateInput input, CancellationToken cancellationToken = default);

    /// <summary>Archived templates leave the composer's menu and new campaigns; messages already sent keep their text.</summary>
    Task SetArchivedAsync(DepartmentScope scope, Guid templateId, bool archived, CancellationToken cancellationToken = default);

    /// <summary>Why a body cannot be saved (an unknown merge field, a syntax error), or null.</summary>
    string? Validate(string body);

    /// <summary>Renders <c>{{ customer.first_name }}</c> and the other <see cref="MergeFields"/> with Liquid filters such as <c>default</c>.</summary>
    /// <exception cref="ValidationException">The template does not parse.</exception>
    string Render(string template, MergeContext context);
}

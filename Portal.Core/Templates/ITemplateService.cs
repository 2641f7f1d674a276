namespace Portal.Core.Templates;

public sealed record TemplateOption(Guid Id, string Name, TemplateType Type, string Body);

/// <summary>Merge fields a template can use, filled for one customer and one sender.</summary>
public sealed record MergeContext(string? FirstName, string? LastName, string? Vehicle, string? RepName, string? DepartmentName);

public interface ITemplateService
{
    Task<IReadOnlyList<TemplateOption>> ListForDepartmentAsync(Guid departmentId, CancellationToken cancellationToken = default);

    /// <summary>Renders <c>{{ customer.first_name }}</c>, <c>{{ vehicle }}</c>, <c>{{ rep.name }}</c>, <c>{{ department.name }}</c> with Liquid filters.</summary>
    /// <exception cref="Common.ValidationException">The template does not parse.</exception>
    string Render(string template, MergeContext context);
}

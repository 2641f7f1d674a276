using Fluid;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Templates;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Templates;

/// <summary>Liquid (Fluid) merge fields, e.g. <c>Hi {{ customer.first_name | default: "there" }}</c>.</summary>
internal sealed class TemplateService(IDbContextFactory<PortalDbContext> dbFactory) : ITemplateService
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new() { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };

    public async Task<IReadOnlyList<TemplateOption>> ListForDepartmentAsync(Guid departmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Templates.AsNoTracking()
            .Where(t => t.IsActive && (t.DepartmentId == null || t.DepartmentId == departmentId))
            .OrderBy(t => t.Name)
            .Select(t => new TemplateOption(t.Id, t.Name, t.Type, t.Body))
            .ToListAsync(cancellationToken);
    }

    public string Render(string template, MergeContext context)
    {
        if (!Parser.TryParse(template, out var parsed, out var error))
        {
            throw new ValidationException("Body", $"The template has an error: {error}");
        }

        var values = new TemplateContext(Options);
        values.SetValue("customer", new Dictionary<string, object?>
        {
            ["first_name"] = Blank(context.FirstName),
            ["last_name"] = Blank(context.LastName),
            ["full_name"] = Blank($"{context.FirstName} {context.LastName}".Trim()),
        });
        values.SetValue("vehicle", Blank(context.Vehicle));
        values.SetValue("rep", new Dictionary<string, object?> { ["name"] = Blank(context.RepName), ["first_name"] = Blank(context.RepName?.Split(' ')[0]) });
        values.SetValue("department", new Dictionary<string, object?> { ["name"] = Blank(context.DepartmentName) });
        return parsed.Render(values).Trim();
    }

    // Liquid's default filter replaces nil and empty; an empty string for a missing value keeps "Hi ," out of texts.
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

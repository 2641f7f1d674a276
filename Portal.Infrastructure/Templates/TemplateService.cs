using Fluid;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Security;
using Portal.Core.Templates;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Templates;

/// <summary>Liquid (Fluid) merge fields, e.g. <c>Hi {{ customer.first_name | default: "there" }}</c>.</summary>
internal sealed class TemplateService(IDbContextFactory<PortalDbContext> dbFactory) : ITemplateService
{
    private static readonly FluidParser Parser = new();

    public async Task<IReadOnlyList<TemplateOption>> ListForDepartmentAsync(Guid departmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Templates.AsNoTracking()
            .Where(t => t.IsActive && (t.DepartmentId == null || t.DepartmentId == departmentId))
            .OrderBy(t => t.Name)
            .Select(t => new TemplateOption(t.Id, t.Name, t.Type, t.Body, t.IsMarketing))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(DepartmentScope scope, bool includeArchived, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = scope.DepartmentIds.ToList();
        var rows = await db.Templates.AsNoTracking()
            .Where(t => includeArchived || t.IsActive)
            .Where(t => scope.AllDepartments || t.DepartmentId == null || departments.Contains(t.DepartmentId.Value))
            .GroupJoin(db.Departments, t => t.DepartmentId, d => d.Id, (t, d) => new { t, d })
            .SelectMany(x => x.d.DefaultIfEmpty(), (x, d) => new TemplateSummary(
                x.t.Id, x.t.DepartmentId, d == null ? null : d.Name, x.t.Name, x.t.Type, x.t.Body, x.t.IsActive, x.t.UpdatedAt, x.t.IsMarketing))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(t => t.DepartmentName ?? "").ThenBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    public async Task<Guid> SaveAsync(DepartmentScope scope, Guid? templateId, TemplateInput input, CancellationToken cancellationToken = default)
    {
        var name = (input.Name ?? "").Trim();
        var body = (input.Body ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        if (name.Length == 0)
        {
            errors[nameof(TemplateInput.Name)] = ["Give the template a name."];
        }
        else if (name.Length > 100)
        {
            errors[nameof(TemplateInput.Name)] = ["A name can be at most 100 characters."];
        }

        if (body.Length == 0)
        {
            errors[nameof(TemplateInput.Body)] = ["Write the text of the template."];
        }
        else if (Validate(body) is { } invalid)
        {
            errors[nameof(TemplateInput.Body)] = [invalid];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        CheckScope(scope, input.DepartmentId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var template = templateId is { } id
            ? await db.Templates.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new NotFoundException("The template")
            : db.Templates.Add(new Template { Name = name }).Entity;
        if (templateId is not null)
        {
            CheckScope(scope, template.DepartmentId);
        }

        if (await db.Templates.AnyAsync(t => t.Id != template.Id && t.DepartmentId == input.DepartmentId && t.Name == name, cancellationToken))
        {
            throw new ValidationException(nameof(TemplateInput.Name), "Another template here already has this name.");
        }

        template.Name = name;
        template.Body = body;
        template.Type = input.Type;
        template.IsMarketing = input.IsMarketing;
        template.DepartmentId = input.DepartmentId;
        await db.SaveChangesAsync(cancellationToken);
        return template.Id;
    }

    public async Task SetArchivedAsync(DepartmentScope scope, Guid templateId, bool archived, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var template = await db.Templates.FirstOrDefaultAsync(t => t.Id == templateId, cancellationToken) ?? throw new NotFoundException("The template");
        CheckScope(scope, template.DepartmentId);
        template.IsActive = !archived;
        await db.SaveChangesAsync(cancellationToken);
    }

    public string? Validate(string body)
    {
        if (!Parser.TryParse(body ?? "", out _, out var error))
        {
            return $"The template has an error: {error}";
        }

        return BoundedRendering.WhyTooLarge(body ?? "") ?? MergeFields.WhyInvalid(body ?? "");
    }

    public string Render(string template, MergeContext context)
    {
        if (!Parser.TryParse(template, out var parsed, out var error))
        {
            throw new ValidationException("Body", $"The template has an error: {error}");
        }

        if (BoundedRendering.WhyTooLarge(template) is { } tooLarge)
        {
            throw new ValidationException("Body", tooLarge);
        }

        var values = new TemplateContext(BoundedRendering.Options) { CultureInfo = System.Globalization.CultureInfo.GetCultureInfo("en-US") };
        values.SetValue("customer", new Dictionary<string, object?>
        {
            ["first_name"] = Blank(context.FirstName),
            ["last_name"] = Blank(context.LastName),
            ["full_name"] = Blank($"{context.FirstName} {context.LastName}".Trim()),
            ["email"] = Blank(context.Email),
            ["phone"] = Blank(context.Phone),
        });
        values.SetValue("lead", new Dictionary<string, object?>
        {
            ["vehicle"] = Blank(context.Vehicle),
            ["status"] = Blank(context.LeadStatus),
            ["source"] = Blank(context.LeadSource),
            ["budget"] = Blank(context.Budget),
            ["time_to_purchase"] = Blank(context.TimeToPurchase),
        });
        values.SetValue("vehicle", Blank(context.Vehicle));
        values.SetValue("rep", new Dictionary<string, object?> { ["name"] = Blank(context.RepName), ["first_name"] = Blank(context.RepName?.Trim().Split(' ')[0]) });
        values.SetValue("department", new Dictionary<string, object?> { ["name"] = Blank(context.DepartmentName), ["opens_at"] = Blank(context.OpensAt) });
        return BoundedRendering.Render(parsed, values);
    }

    /// <summary>Managers keep to their departments; a template shared by all of them is an administrator's.</summary>
    private static void CheckScope(DepartmentScope scope, Guid? departmentId)
    {
        if (departmentId is { } id ? !scope.Allows(id) : !scope.AllDepartments)
        {
            throw new AccessDeniedException(departmentId is null
                ? "Only an administrator can change a template shared by every department."
                : "You do not have access to this department.");
        }
    }

    // Liquid's default filter replaces nil and empty; an empty string for a missing value keeps "Hi ," out of texts.
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Templates;

namespace Portal.Web.Components.Pages.Manage;

public partial class TemplatesPage
{
    private static readonly Customer SampleCustomer = new()
    {
        FirstName = "Jordan", LastName = "Rivera", Phone = "+13125550123", Email = "jordan@example.com",
        Lead = new LeadProfile { VehicleOfInterest = "2025 Camry SE", ProcessStatus = "Working", Source = "Website", Budget = 28000, TimeToPurchase = "This month" },
    };

    private DepartmentScope scope = DepartmentScope.Nobody;
    private Actor actor = new(Guid.Empty, "");
    private IReadOnlyList<DepartmentSummary> departments = [];
    private IReadOnlyList<TemplateSummary> list = [];
    private bool showArchived;
    private TemplateInput? editing;
    private Guid? editingId;
    private string? editingName;
    private EditContext? editContext;
    private ServerValidation server = default!;
    private CustomerListItem? previewCustomer;
    private Customer previewSource = SampleCustomer;
    private string? preview;
    private string? previewError;

    protected override async Task OnInitializedAsync()
    {
        scope = await UserContext.GetCurrentScopeAsync();
        actor = await UserContext.GetActorAsync();
        departments = [.. (await Departments.ListAsync()).Where(d => scope.Allows(d.Id))];
        await LoadAsync();
    }

    private async Task LoadAsync() => list = await Templates.ListAsync(scope, showArchived);

    private async Task ShowArchivedAsync(bool value)
    {
        showArchived = value;
        await LoadAsync();
    }

    private bool CanChange(TemplateSummary template) => template.DepartmentId is { } id ? scope.Allows(id) : scope.AllDepartments;

    private static string TypeName(TemplateType type) => type switch
    {
        TemplateType.InitialText => "Initial text",
        TemplateType.Nudge => "Nudge",
        TemplateType.Email => "Email",
        _ => type.ToString(),
    };

    /// <summary>A marketing template's text as it goes: with its department's opt-out line (the default for every department).</summary>
    private string AsSent(string text) =>
        editing is { IsMarketing: true } && !string.IsNullOrWhiteSpace(text)
            ? Portal.Core.Consent.OptOutLine.AddTo(text, departments.FirstOrDefault(d => d.Id == editing.DepartmentId)?.OptOutLine, due: true).Text
            : text;

    private void Edit(TemplateSummary? template)
    {
        editingId = template?.Id;
        editingName = template?.Name;
        editing = template is null
            ? new TemplateInput { DepartmentId = scope.AllDepartments ? null : departments.FirstOrDefault()?.Id }
            : new TemplateInput { Name = template.Name, DepartmentId = template.DepartmentId, Type = template.Type, Body = template.Body, IsMarketing = template.IsMarketing };
        editContext = new EditContext(editing);
        _ = RenderPreviewAsync();
    }

    private async Task InsertAsync(MergeField field)
    {
        var body = editing!.Body ?? "";
        editing.Body = body + (body.Length == 0 || body.EndsWith(' ') ? "" : " ") + $"{{{{ {field.Path} }}}}";
        await RenderPreviewAsync();
    }

    /// <summary>A template for every department, copied into the manager's own department, where they may change it.</summary>
    private void Copy(TemplateSummary template)
    {
        Edit(null);
        editing!.Name = $"{template.Name} ({departments.FirstOrDefault()?.Name ?? "copy"})";
        editing.Type = template.Type;
        editing.Body = template.Body;
        editing.IsMarketing = template.IsMarketing;
        _ = RenderPreviewAsync();
    }

    private async Task PreviewForAsync(CustomerListItem? customer)
    {
        previewCustomer = customer;
        previewSource = SampleCustomer;
        if (customer is not null && await Customers.GetAsync(scope, customer.Id) is { Outcome: AccessOutcome.Found, Value: { } detail })
        {
            previewSource = detail.Customer;
        }

        await RenderPreviewAsync();
    }

    /// <summary>
    /// The text as typed, after a pause or when the field is left (a click on "Marketing" or a merge field right after
    /// typing): the preview follows either way.
    /// </summary>
    private Task BodyChangedAsync(string? body)
    {
        editing!.Body = body ?? "";
        return RenderPreviewAsync();
    }

    private Task RenderPreviewAsync()
    {
        if (editing is null)
        {
            return Task.CompletedTask;
        }

        var department = departments.FirstOrDefault(d => d.Id == editing.DepartmentId)?.Name ?? departments.FirstOrDefault()?.Name;
        previewError = Templates.Validate(editing.Body ?? "");
        try
        {
            preview = previewError is null ? Templates.Render(editing.Body ?? "", MergeContext.For(previewSource, actor.Name, department)) : null;
        }
        catch (ValidationException e)
        {
            previewError = string.Join(" ", e.Errors.Values.SelectMany(v => v));
        }

        StateHasChanged();
        return Task.CompletedTask;
    }

    private async Task SaveAsync()
    {
        try
        {
            await Templates.SaveAsync(scope, editingId, editing!);
            Snackbar.Add("Template saved", Severity.Success);
            editing = null;
            await LoadAsync();
        }
        catch (ValidationException e)
        {
            server.Show(e, nameof(TemplateInput.Body));
        }
        catch (AccessDeniedException e)
        {
            server.Show(nameof(TemplateInput.DepartmentId), e.Message);
        }
    }

    private async Task ArchiveAsync(TemplateSummary template)
    {
        await Templates.SetArchivedAsync(scope, template.Id, template.IsActive);
        Snackbar.Add(template.IsActive ? $"{template.Name} archived" : $"{template.Name} restored", Severity.Info);
        await LoadAsync();
    }
}

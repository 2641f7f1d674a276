using Portal.Core.Customers.Import;

namespace Portal.Web.Components.Pages.Manage;

public partial class LeadImportPage
{
    private const long MaxFileBytes = 50L * 1024 * 1024;
    private DepartmentScope scope = DepartmentScope.Nobody;
    private string? fileName;
    private long fileSize;
    private string? path;
    private string? fileError;
    private LeadFilePreview? preview;
    private List<LeadImportColumn> columns = [];
    private string? tag;
    private LeadImportReport? report;
    private bool busy;
    private int rowsRead;

    private double Percent => report is { DryRun: true, Rows: > 0 } dry ? Math.Min(100, rowsRead * 100.0 / dry.Rows) : 0;

    protected override async Task OnInitializedAsync()
    {
        scope = await UserContext.GetCurrentScopeAsync();
        // Today as the manager's department counts it, not as UTC does (an evening import is still today's).
        var zone = (await Departments.ListAsync()).Where(d => scope.Allows(d.Id)).Select(d => d.TimeZoneId).FirstOrDefault() ?? "UTC";
        tag = $"import-{TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone)):yyyy-MM-dd}";
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        fileError = null;
        report = null;
        preview = null;
        DeleteFile();
        var file = e.File;
        if (file.Size > MaxFileBytes)
        {
            fileError = $"{file.Name} is {file.Size / 1024 / 1024:N0} MB; a lead file can be at most 50 MB.";
            return;
        }

        // Kept on disk for the dry run and the import: the page holds a few rows, never the file.
        path = LeadImportFiles.NewPath();
        await using (var target = File.Create(path))
        {
            await file.OpenReadStream(MaxFileBytes).CopyToAsync(target);
        }

        (fileName, fileSize) = (file.Name, file.Size);
        try
        {
            await using var stream = File.OpenRead(path);
            preview = await Import.PreviewAsync(stream);
        }
        catch (DomainException refused)
        {
            fileError = $"{file.Name}: {PortalComponent.Describe(refused)}";
            DeleteFile();
            return;
        }

        columns = [.. preview.Guessed];
        if (preview.Headers.Count == 0)
        {
            fileError = "The file is empty or has no header row.";
            preview = null;
        }
    }

    private void SetColumn(int index, object? value)
    {
        if (LeadImportColumn.TryParse(value?.ToString(), out var kind))
        {
            columns[index] = kind;
            report = null;
        }
    }

    private async Task RunAsync(bool dryRun)
    {
        if (path is null)
        {
            return;
        }

        busy = true;
        rowsRead = 0;
        var progress = new Progress<int>(rows =>
        {
            rowsRead = rows;
            _ = InvokeAsync(StateHasChanged);
        });
        try
        {
            await using var stream = File.OpenRead(path);
            var result = await Task.Run(() => Import.RunAsync(scope, stream, new LeadImportOptions(columns, tag, fileName ?? "leads.csv"), dryRun, progress));
            report = result;
            Snackbar.Add(dryRun ? "Dry run finished: nothing was saved." : $"Imported {result.Accepted:N0} rows.", Severity.Success);
        }
        catch (DomainException refused)
        {
            Snackbar.Add(PortalComponent.Describe(refused), Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }

    private IReadOnlyList<LeadImportColumn> Choices => LeadImportColumn.Choices(Providers.CustomerIdFields);

    private string Label(LeadImportColumn column) => column.Field switch
    {
        LeadImportField.Ignore => "(ignore)",
        LeadImportField.FirstName => "First name",
        LeadImportField.LastName => "Last name",
        LeadImportField.FullName => "Full name",
        LeadImportField.VehicleOfInterest => "Vehicle of interest",
        LeadImportField.LeadStatus => "Lead status",
        LeadImportField.ExternalId => Providers.CustomerIdFields.FirstOrDefault(f => f.Module == column.Module)?.Label ?? column.Module ?? "Customer id",
        LeadImportField.TimeZone => "Time zone",
        LeadImportField.LeadSource => "Lead source",
        LeadImportField.TimeToPurchase => "Time to purchase",
        LeadImportField.SalesRep => "Sales rep",
        LeadImportField.Region => "Lives in (state or country)",
        _ => column.Field.ToString(),
    };

    private static string Reason(RejectionReason reason) => reason switch
    {
        RejectionReason.MissingPhone => "Missing phone",
        RejectionReason.InvalidPhone => "Invalid phone",
        RejectionReason.DuplicateInFile => "Duplicate in file",
        RejectionReason.OptedOutNumber => "Opted-out number",
        RejectionReason.InvalidEmail => "Invalid email",
        RejectionReason.InvalidTimeZone => "Invalid time zone",
        RejectionReason.TooLong => "Too long",
        RejectionReason.OtherDepartment => "Another department's customer",
        RejectionReason.InvalidBudget => "Invalid budget",
        RejectionReason.InvalidRegion => "Invalid state or country",
        _ => reason.ToString(),
    };

    private void DeleteFile()
    {
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }

        path = null;
    }

    public void Dispose() => DeleteFile();
}

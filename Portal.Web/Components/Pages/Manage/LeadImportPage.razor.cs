using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.Web.Virtualization;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Customers.Import;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Web;
using Portal.Web.Components;
using Portal.Web.Components.Layout;
using Portal.Web.Components.Shared;
using Portal.Web.Security;

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
        tag = $"import-{Clock.GetUtcNow():yyyy-MM-dd}";
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
        path = Path.Combine(Path.GetTempPath(), $"portal-import-{Guid.NewGuid():N}.csv");
        await using (var target = File.Create(path))
        {
            await file.OpenReadStream(MaxFileBytes).CopyToAsync(target);
        }

        (fileName, fileSize) = (file.Name, file.Size);
        await using var stream = File.OpenRead(path);
        preview = await Import.PreviewAsync(stream);
        columns = [.. preview.Guessed];
        if (preview.Headers.Count == 0)
        {
            fileError = "The file is empty or has no header row.";
            preview = null;
        }
    }

    private void SetColumn(int index, object? value)
    {
        if (Enum.TryParse<LeadImportColumn>(value?.ToString(), out var kind))
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
        finally
        {
            busy = false;
        }
    }

    private static string Label(LeadImportColumn column) => column switch
    {
        LeadImportColumn.Ignore => "(ignore)",
        LeadImportColumn.FirstName => "First name",
        LeadImportColumn.LastName => "Last name",
        LeadImportColumn.FullName => "Full name",
        LeadImportColumn.VehicleOfInterest => "Vehicle of interest",
        LeadImportColumn.LeadStatus => "Lead status",
        LeadImportColumn.DmsId => "DMS id",
        LeadImportColumn.TimeZone => "Time zone",
        _ => column.ToString(),
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

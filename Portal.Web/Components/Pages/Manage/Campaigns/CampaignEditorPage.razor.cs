using Portal.Core.Campaigns;
using Portal.Core.Departments;
using Portal.Core.Templates;

namespace Portal.Web.Components.Pages.Manage.Campaigns;

public partial class CampaignEditorPage
{
    private DepartmentScope scope = DepartmentScope.Nobody;
    private Actor actor = new(Guid.Empty, "");
    private List<DepartmentSummary> departments = [];
    private IReadOnlyList<CampaignAccountOption> accounts = [];
    private IReadOnlyList<TemplateOption> templates = [];
    private CampaignInput input = new();
    private CampaignPreview? preview;
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private bool busy;
    private string? tags;
    private string? statuses;
    private string? numbers;
    private string openConversation = "any";
    private DateTime? lastContactAfter;
    private DateTime? lastContactBefore;
    private DateTime? startDate;

    /// <summary>Today where the department is, by the app's clock: the earliest start day.</summary>
    private DateTime DepartmentToday => DepartmentTimeZone.ToLocal(Clock.GetUtcNow().UtcDateTime, SelectedDepartment?.TimeZoneId ?? "UTC").Date;
    private TimeSpan? startTime = new(10, 0, 0);

    /// <summary>The manager chose a start; otherwise the campaign starts when scheduled, and no day or time is shown.</summary>
    private bool startLater;
    private bool triedWithoutDay;

    private string StartSummary => !startLater
        ? "Starts as soon as you schedule it, inside sending hours."
        : startDate is { } day
            ? $"Starts {day.Date.Add(startTime ?? TimeSpan.Zero).ToString("dddd, MMM d 'at' h:mm tt", System.Globalization.CultureInfo.InvariantCulture)} ({SelectedDepartment?.TimeZoneId})."
            : "Pick the day it starts.";
    private Guid? savedId;

    [Parameter]
    public Guid? Id { get; set; }

    /// <summary>Customers picked elsewhere (the customers page), as <c>?customers=id,id</c>.</summary>
    [SupplyParameterFromQuery(Name = "customers")]
    public string? CustomerIds { get; set; }

    /// <summary>A tag to start the audience from (an import's), as <c>?tag=…</c>.</summary>
    [SupplyParameterFromQuery(Name = "tag")]
    public string? Tag { get; set; }

    private DepartmentSummary? SelectedDepartment => departments.FirstOrDefault(d => d.Id == input.DepartmentId);

    private int DefaultRate => accounts.FirstOrDefault(a => a.Id == input.ProviderAccountId)?.MessagesPerMinute ?? 60;

    protected override async Task OnInitializedAsync()
    {
        scope = await UserContext.GetCurrentScopeAsync();
        actor = await UserContext.GetActorAsync();
        departments = [.. (await Departments.ListAsync()).Where(d => scope.Allows(d.Id))];
        if (Id is { } id)
        {
            savedId = id;
            input = await Campaigns.GetInputAsync(scope, id);
            tags = string.Join(", ", input.Audience.Tags);
            statuses = string.Join(", ", input.Audience.LeadStatuses);
            numbers = string.Join(Environment.NewLine, input.Audience.Phones);
            openConversation = input.Audience.HasOpenConversation switch { true => "yes", false => "no", _ => "any" };
            lastContactAfter = input.Audience.LastContactAfter;
            lastContactBefore = input.Audience.LastContactBefore;
            if (input.StartAt is { } start && SelectedDepartment is { } department)
            {
                var local = DepartmentTimeZone.ToLocal(start, department.TimeZoneId);
                (startDate, startTime, startLater) = (local.Date, local.TimeOfDay, true);
            }
        }
        else
        {
            input.DepartmentId = departments.FirstOrDefault()?.Id;
            tags = Tag;
            input.Audience.CustomerIds = [.. (CustomerIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)];
        }

        await LoadDepartmentChoicesAsync();
    }

    private async Task DepartmentChangedAsync(Guid? departmentId)
    {
        input.DepartmentId = departmentId;
        input.ProviderAccountId = null;
        preview = null;
        await LoadDepartmentChoicesAsync();
    }

    private async Task LoadDepartmentChoicesAsync()
    {
        if (input.DepartmentId is not { } departmentId)
        {
            return;
        }

        accounts = await Campaigns.ListAccountsAsync(scope, departmentId);
        templates = [.. (await Templates.ListForDepartmentAsync(departmentId)).Where(t => t.Type != TemplateType.Email)];
        input.ProviderAccountId ??= accounts.FirstOrDefault()?.Id;
    }

    private void UseTemplate(VariantInput variant, Guid? templateId)
    {
        variant.TemplateId = templateId;
        if (templates.FirstOrDefault(t => t.Id == templateId) is { } template)
        {
            variant.Body = template.Body;
        }
    }

    private void AddVariant()
    {
        input.Variants.Add(new VariantInput());
        var share = 100 / input.Variants.Count;
        foreach (var variant in input.Variants)
        {
            variant.Percent = share;
        }

        input.Variants[0].Percent += 100 - share * input.Variants.Count;
    }

    private void RemoveVariant(int index)
    {
        input.Variants.RemoveAt(index);
        if (input.Variants.Count == 1)
        {
            input.Variants[0].Percent = 100;
        }
    }

    private CampaignInput Collect()
    {
        input.Audience.Tags = Split(tags);
        input.Audience.LeadStatuses = Split(statuses);
        input.Audience.Phones = [.. (numbers ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        input.Audience.HasOpenConversation = openConversation switch { "yes" => true, "no" => false, _ => null };
        input.Audience.LastContactAfter = lastContactAfter is { } after ? ToUtc(after.Date) : null;
        input.Audience.LastContactBefore = lastContactBefore is { } before ? ToUtc(before.Date) : null;
        triedWithoutDay = startLater && startDate is null;
        if (triedWithoutDay)
        {
            throw new ValidationException("StartAt", "Pick the day it starts, or choose to start as soon as it is scheduled.");
        }

        input.StartAt = startLater && startDate is { } day ? ToUtc(day.Date + (startTime ?? TimeSpan.Zero)) : null;
        return input;
    }

    private DateTime ToUtc(DateTime local)
    {
        var zone = DepartmentTimeZone.Find(SelectedDepartment?.TimeZoneId ?? "UTC");
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    private static List<string> Split(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    private async Task PreviewAsync() => await RunAsync(async () => preview = await Campaigns.PreviewAsync(scope, Collect(), actor));

    private async Task SaveAsync() => await RunAsync(async () =>
    {
        savedId = await Campaigns.SaveDraftAsync(scope, savedId, Collect(), actor);
        Snackbar.Add("Draft saved", Severity.Success);
    });

    private async Task ScheduleAsync() => await RunAsync(async () =>
    {
        savedId = await Campaigns.SaveDraftAsync(scope, savedId, Collect(), actor);
        var progress = await Campaigns.ScheduleAsync(scope, savedId.Value, actor);
        Snackbar.Add($"Scheduled for {progress.Recipients:N0} recipients", Severity.Success);
        Navigation.NavigateTo($"/campaigns/{savedId}");
    });

    private async Task RunAsync(Func<Task> action)
    {
        busy = true;
        errors = new Dictionary<string, string[]>();
        try
        {
            await base.RunAsync(async () =>
            {
                try
                {
                    await action();
                }
                catch (ValidationException e)
                {
                    errors = e.Errors;
                    preview = null;
                    Snackbar.Add("Check the highlighted fields.", Severity.Warning);
                }
            });
        }
        finally
        {
            busy = false;
        }
    }

    private bool Has(string field) => errors.ContainsKey(field);

    private string? Error(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private static string Duration(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "under a minute"
        : span < TimeSpan.FromHours(1) ? $"{Math.Ceiling(span.TotalMinutes)} minutes"
        : $"{span.TotalHours:0.#} hours";
}

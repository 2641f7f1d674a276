using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Threads;

namespace Portal.Web.Components.Pages.Inbox;

public partial class NewConversationPage
{
    /// <param name="ByNumber">The typed number's holder, who may talk only to another department: started by that number.</param>
    private sealed record Candidate(Guid Id, string Name, string? Phone, bool OptedOut, bool ByNumber = false);

    private DepartmentScope scope = DepartmentScope.Nobody;
    private IReadOnlyList<DepartmentInboxCount> departments = [];
    private Guid departmentId;
    private bool loaded;
    private string? query;
    private bool searched;
    private IReadOnlyList<Candidate> matches = [];
    private Candidate? picked;
    private string? newNumber;
    private string? firstName;
    private string? lastName;
    private string? firstText;
    private bool busy;
    private Dictionary<string, string> errors = [];

    /// <summary>The department the inbox was showing, to start from.</summary>
    [SupplyParameterFromQuery(Name = "department")]
    public Guid? Department { get; set; }

    protected override async Task OnInitializedAsync()
    {
        scope = await UserContext.GetScopeAsync();
        departments = await Inbox.GetDepartmentCountsAsync(scope);
        departmentId = departments.FirstOrDefault(d => d.DepartmentId == Department)?.DepartmentId ?? departments.FirstOrDefault()?.DepartmentId ?? Guid.Empty;
        optOutLines = (await DepartmentSettings.ListAsync()).ToDictionary(d => d.Id, d => d.OptOutLine);
        loaded = true;
    }

    /// <summary>The first text counted as it goes: to a number that never texted, or not told lately, with the department's opt-out line.</summary>
    private string Counter
    {
        get
        {
            var facts = picked is null ? OptOutLineFacts.Stranger : pickedFacts;
            var due = facts?.Requires(marketing: false) == true && !string.IsNullOrWhiteSpace(firstText);
            var line = optOutLines.GetValueOrDefault(departmentId);
            var (asSent, withLine) = OptOutLine.AddTo(firstText ?? "", line, due);
            var count = SmsSegmentCounter.Count(asSent);
            return count.Characters == 0
                ? "Optional: the conversation can also open empty."
                : $"{count.Characters} characters · {count.Segments} {(count.Segments == 1 ? "segment" : "segments")}"
                  + (withLine ? $", with “{OptOutLine.Of(line)}” added: this number has not texted the dealership" : "");
        }
    }

    private IReadOnlyDictionary<Guid, string?> optOutLines = new Dictionary<Guid, string?>();
    private OptOutLineFacts? pickedFacts;

    private string? ErrorFor(string field) => errors.GetValueOrDefault(field);

    /// <summary>Names, numbers in any format, emails: the customers search. A number nobody has is offered as a new customer.</summary>
    private async Task SearchAsync(string? value)
    {
        query = value;
        errors.Remove(nameof(NewConversation.Phone));
        newNumber = null;
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length < 2)
        {
            (matches, searched) = ([], false);
            return;
        }

        var found = await Customers.SearchAsync(scope, value, 1, 6);
        var list = found.Items.Select(c => new Candidate(c.Id, c.Name, c.Phone, c.Consent == ConsentStatus.OptedOut)).ToList();
        if (Phones.TryNormalize(value, out var number))
        {
            // The number's holder, even one who talks only to another department: there is one customer per number.
            var holders = await Customers.FindByPhoneAsync(scope, number);
            list = [.. holders.Select(h => new Candidate(h.Id, h.Name, number, h.OptedOut, ByNumber: true)), .. list.Where(c => holders.All(h => h.Id != c.Id))];
            newNumber = holders.Count == 0 ? number : null;
        }

        (matches, searched) = (list, true);
    }

    private async Task PickAsync(Candidate candidate)
    {
        picked = candidate;
        errors.Clear();
        pickedFacts = null;
        pickedFacts = await OptOutLines.ForCustomerAsync(candidate.Id);
    }

    private void ClearPick() => picked = null;

    private async Task StartAsync()
    {
        busy = true;
        errors = [];
        try
        {
            var request = picked is { ByNumber: false } chosen
                ? new NewConversation(departmentId, CustomerId: chosen.Id)
                : picked is { } holder
                ? new NewConversation(departmentId, Phone: holder.Phone)
                : new NewConversation(departmentId, Phone: newNumber ?? query, FirstName: firstName, LastName: lastName);
            var started = await Starter.StartAsync(scope, request, await UserContext.GetActorAsync());
            if (started.FoundByNumber)
            {
                Snackbar.Add($"That number is {started.CustomerName}'s: this is their conversation.", Severity.Info);
            }

            Handoff.Offer(started.ThreadId, firstText);
            Navigation.NavigateTo($"/threads/{started.ThreadId}");
        }
        catch (ValidationException e)
        {
            errors = e.Errors.ToDictionary(p => p.Key, p => string.Join(" ", p.Value));
            if (errors.Keys.Any(k => k is not (nameof(NewConversation.Phone) or nameof(NewConversation.FirstName))))
            {
                Snackbar.Add(Describe(e), Severity.Error);
            }
        }
        catch (DomainException e)
        {
            Snackbar.Add(Describe(e), Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }
}

using Portal.Core.Consent;

namespace Portal.Web.Components.Pages.Inbox;

/// <summary>
/// The opt-out line in the composer: a text from a marketing template, or the first to a number that never texted, goes
/// with the department's line (unless the number was told lately), and the counter counts the text as it goes.
/// </summary>
public partial class MessageComposer
{
    [Inject]
    private IOptOutLineHistory OptOutLines { get; set; } = default!;

    private OptOutLineFacts? optOutFacts;
    private Guid? optOutFactsFor;

    protected override async Task OnParametersSetAsync()
    {
        if (optOutFactsFor != Detail.Customer.Id)
        {
            optOutFactsFor = Detail.Customer.Id;
            await ReadOptOutFactsAsync();
        }
    }

    private async Task ReadOptOutFactsAsync() => optOutFacts = await OptOutLines.ForCustomerAsync(Detail.Customer.Id);

    private bool FromMarketingTemplate => templateId is { } id && templates.Any(t => t.Id == id && t.IsMarketing);

    /// <summary>Why the line will be added, or null when it will not.</summary>
    private string? OptOutLineReason =>
        optOutFacts is null || (string.IsNullOrWhiteSpace(text) && attachments.Count == 0) || OptOutLine.AlreadySays(text ?? "")
            ? null
            : optOutFacts.Why(FromMarketingTemplate, Detail.Customer.DisplayName);

    /// <summary>What the customer will receive: the text, with the opt-out line when it is due.</summary>
    private string TextAsSent => OptOutLine.AddTo(text ?? "", Detail.Department.OptOutLine, OptOutLineReason is not null).Text;
}

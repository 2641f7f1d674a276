using Portal.Core.Consent;
using Portal.Core.Customers;

namespace Portal.Tests.Core;

public class ConsentLedgerTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc);

    private static ConsentEntry Entry(ConsentStatus status, int actedMinute, ConsentSource source = ConsentSource.Keyword, int recordedMinute = 1000, string detail = "Texted") => new()
    {
        Number = "+13125550101", Status = status, ActedAt = T0.AddMinutes(actedMinute), RecordedAt = T0.AddMinutes(recordedMinute),
        Source = source, Detail = detail,
    };

    [Fact]
    public void The_state_is_the_latest_act_whatever_order_the_entries_arrived_in()
    {
        var random = new Random(20261204);
        for (var run = 0; run < 500; run++)
        {
            var entries = Enumerable.Range(0, random.Next(1, 9))
                .Select(i => Entry(random.Next(2) == 0 ? ConsentStatus.OptedIn : ConsentStatus.OptedOut, random.Next(0, 6), recordedMinute: 100 + i))
                .ToList();
            var latest = entries.Max(e => e.ActedAt);
            var atLatest = entries.Where(e => e.ActedAt == latest).ToList();
            var expected = atLatest.First(e => e.RecordedAt == atLatest.Max(x => x.RecordedAt)).Status;

            var shuffled = entries.OrderBy(_ => random.Next()).ToList();

            Assert.Equal(expected, ConsentLedger.StateOf(shuffled));
        }
    }

    [Fact]
    public void A_start_sent_before_a_stop_does_not_undo_it_even_when_it_arrives_later()
    {
        var stop = Entry(ConsentStatus.OptedOut, actedMinute: 10, recordedMinute: 10);
        var earlierStart = Entry(ConsentStatus.OptedIn, actedMinute: 9, recordedMinute: 11);

        Assert.Equal(ConsentStatus.OptedOut, ConsentLedger.StateOf([stop, earlierStart]));
        Assert.Equal(ConsentStatus.Unknown, ConsentLedger.StateOf([]));
    }

    [Fact]
    public void At_the_same_instant_an_opt_out_wins()
    {
        Assert.Equal(ConsentStatus.OptedOut, ConsentLedger.StateOf([Entry(ConsentStatus.OptedIn, 5, recordedMinute: 7), Entry(ConsentStatus.OptedOut, 5, recordedMinute: 7)]));
    }

    [Theory]
    [InlineData(ConsentSource.Staff)]
    [InlineData(ConsentSource.Api)]
    [InlineData(ConsentSource.Import)]
    public void Only_the_customer_or_an_admin_can_reverse_the_customers_opt_out(ConsentSource who)
    {
        List<ConsentEntry> stopped = [Entry(ConsentStatus.OptedOut, 1)];

        Assert.Contains("Only the customer can opt back in", ConsentLedger.Refusal(stopped, Entry(ConsentStatus.OptedIn, 2, who, detail: "signed a form")));
        Assert.Null(ConsentLedger.Refusal(stopped, Entry(ConsentStatus.OptedIn, 2, ConsentSource.Keyword)));
        Assert.Null(ConsentLedger.Refusal(stopped, Entry(ConsentStatus.OptedIn, 2, ConsentSource.ProviderReport)));
        Assert.Null(ConsentLedger.Refusal(stopped, Entry(ConsentStatus.OptedIn, 2, ConsentSource.Admin, detail: "The customer asked in writing on 2026-11-30")));
        Assert.NotNull(ConsentLedger.Refusal(stopped, Entry(ConsentStatus.OptedIn, 2, ConsentSource.Admin, detail: " ")));
    }

    [Fact]
    public void Anyone_may_record_an_opt_out_and_an_opt_in_where_no_opt_out_is_in_effect()
    {
        List<ConsentEntry> startedAgain = [Entry(ConsentStatus.OptedOut, 1), Entry(ConsentStatus.OptedIn, 2)];

        Assert.Null(ConsentLedger.Refusal([], Entry(ConsentStatus.OptedIn, 3, ConsentSource.Staff)));
        Assert.Null(ConsentLedger.Refusal(startedAgain, Entry(ConsentStatus.OptedIn, 3, ConsentSource.Api)));
        Assert.Null(ConsentLedger.Refusal([Entry(ConsentStatus.OptedIn, 1)], Entry(ConsentStatus.OptedOut, 2, ConsentSource.Import)));
        Assert.NotNull(ConsentLedger.Refusal([], Entry(ConsentStatus.Unknown, 2, ConsentSource.Staff)));
    }
}

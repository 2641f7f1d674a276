using Portal.Core.Notifications;

namespace Portal.Tests.Core;

public class MentionsTests
{
    private static readonly Guid Ana = Guid.NewGuid(), AnaLee = Guid.NewGuid(), Ben = Guid.NewGuid();
    private static readonly (Guid, string)[] People = [(Ana, "Ana Ruiz"), (AnaLee, "Ana Lee"), (Ben, "Ben Okafor")];

    [Theory]
    [InlineData("@Ben can you call her?", "Ben Okafor")]
    [InlineData("ask @ben okafor about the trade", "Ben Okafor")]
    [InlineData("@Ana Lee please", "Ana Lee")]
    [InlineData("(@Ana Ruiz) has the keys", "Ana Ruiz")]
    public void A_full_name_or_a_first_name_only_one_person_has_is_a_mention(string note, string who)
    {
        Assert.Equal([who], Mentions.Find(note, People).Select(m => m.Name));
    }

    [Theory]
    [InlineData("@Ana can you look?")]        // two Anas: ambiguous
    [InlineData("mail ben@dealer.com")]       // an email address
    [InlineData("@Benjamin knows")]           // not a name here
    [InlineData("no mention at all")]
    public void Ambiguous_names_addresses_and_strangers_are_not_mentions(string note)
    {
        Assert.Empty(Mentions.Find(note, People));
    }

    [Fact]
    public void Each_person_counts_once_in_order_of_first_mention()
    {
        var found = Mentions.Find("@Ben and @Ana Lee, then @Ben again", People);

        Assert.Equal([Ben, AnaLee], found.Select(m => m.UserId));
        Assert.Equal([0, 9], found.Select(m => m.Index));
    }
}

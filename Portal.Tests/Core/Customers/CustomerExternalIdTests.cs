using Portal.Core.Customers;
using Portal.Core.Customers.Import;

namespace Portal.Tests.Core.Customers;

public class CustomerExternalIdTests
{
    private static readonly CustomerIdField[] Fields = [new("Books", "Books customer number", ["booksid", "customerno"])];

    [Fact]
    public void An_id_is_recorded_changed_and_removed_per_module()
    {
        var customer = new Customer();

        Assert.True(customer.SetExternalId("Books", "  C-1 "));
        Assert.False(customer.SetExternalId("Books", "C-1"));
        Assert.True(customer.SetExternalId("Crm", "L-9"));
        Assert.Equal("C-1", customer.ExternalId("Books"));

        Assert.True(customer.SetExternalId("Books", "C-2"));
        Assert.Equal(["C-2", "L-9"], customer.ExternalIds.Select(e => e.Value));

        Assert.True(customer.SetExternalId("Books", " "));
        Assert.False(customer.SetExternalId("Books", null));
        Assert.Null(customer.ExternalId("Books"));
        Assert.Equal(new Dictionary<string, string> { ["Crm"] = "L-9" }, customer.ExternalIdsByModule());
    }

    [Theory]
    [InlineData("Books ID", "ExternalId:Books")]
    [InlineData("Customer No", "ExternalId:Books")]
    [InlineData("Mobile", "Phone")]
    [InlineData("Whatever", "Ignore")]
    public void A_lead_file_header_is_guessed_as_a_field_or_a_modules_id(string header, string expected) =>
        Assert.Equal(expected, LeadImportColumns.Guess(header, Fields).ToString());

    [Fact]
    public void A_column_choice_survives_the_round_trip_through_a_select()
    {
        var choices = LeadImportColumn.Choices(Fields);

        Assert.Contains(LeadImportColumn.IdIn("Books"), choices);
        Assert.DoesNotContain(new LeadImportColumn(LeadImportField.ExternalId), choices);
        foreach (var choice in choices)
        {
            Assert.True(LeadImportColumn.TryParse(choice.ToString(), out var parsed));
            Assert.Equal(choice, parsed);
        }

        Assert.False(LeadImportColumn.TryParse("ExternalId", out _));
        Assert.False(LeadImportColumn.TryParse("Phone:Books", out _));
        Assert.False(LeadImportColumn.TryParse("Shoe size", out _));
    }
}

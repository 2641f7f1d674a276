using Portal.Core.Templates;

namespace Portal.Tests.Core;

public class MergeFieldsTests
{
    [Theory]
    [InlineData("Hi {{ customer.first_name }}")]
    [InlineData("Hi {{customer.first_name | default: \"there\"}}, about the {{ lead.vehicle }}")]
    [InlineData("{% if lead.vehicle %}The {{ vehicle }}{% else %}A car{% endif %} from {{ department.name }}, {{ rep.first_name }}")]
    [InlineData("No fields at all")]
    [InlineData("{{ \"literal\" }} and {{- customer.email -}}")]
    public void Known_fields_and_literals_are_valid(string body) => Assert.Empty(MergeFields.Unknown(body));

    [Theory]
    [InlineData("Hi {{ customer.firstname }}", "customer.firstname")]
    [InlineData("Hi {{ first_name | default: \"there\" }}", "first_name")]
    [InlineData("{% if customer.age %}x{% endif %}", "customer.age")]
    [InlineData("{{ rep.phone }} {{ customer.first_name }}", "rep.phone")]
    public void An_unknown_field_is_named(string body, string unknown)
    {
        Assert.Equal([unknown], MergeFields.Unknown(body));
        Assert.Contains(unknown, MergeFields.WhyInvalid(body));
    }

    [Fact]
    public void Several_unknown_fields_are_named_once_each()
    {
        Assert.Equal(["a.b", "c"], MergeFields.Unknown("{{ a.b }} {{ c }} {{ a.b }}"));
        Assert.StartsWith("These are not merge fields", MergeFields.WhyInvalid("{{ a.b }} {{ c }}"));
    }
}

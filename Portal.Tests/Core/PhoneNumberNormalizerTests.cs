using Portal.Core.Common;
using Portal.Core.Customers;

namespace Portal.Tests.Core;

public class PhoneNumberNormalizerTests
{
    private readonly PhoneNumberNormalizer us = new("US");

    [Theory]
    [InlineData("(312) 555-0142", "+13125550142")]
    [InlineData("312.555.0142", "+13125550142")]
    [InlineData("312 555 0142", "+13125550142")]
    [InlineData("1-312-555-0142", "+13125550142")]
    [InlineData("+1 312 555 0142", "+13125550142")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void Valid_numbers_become_E164(string input, string expected)
    {
        Assert.True(us.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
        Assert.Equal(expected, us.Normalize(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("12345")]
    [InlineData("555-0142")]
    [InlineData("(000) 555-0142")]
    [InlineData("not a number")]
    [InlineData("+1 312 555 01423333")]
    public void Invalid_numbers_are_refused(string? input)
    {
        Assert.False(us.TryNormalize(input, out var e164));
        Assert.Equal("", e164);
    }

    [Fact]
    public void Normalize_throws_a_validation_error_on_the_phone_field()
    {
        var error = Assert.Throws<ValidationException>(() => us.Normalize("12345"));

        Assert.Contains("Phone", error.Errors.Keys);
    }

    [Fact]
    public void The_default_region_decides_how_national_numbers_are_read()
    {
        var uk = new PhoneNumberNormalizer("GB");

        Assert.True(uk.TryNormalize("020 7946 0958", out var e164));
        Assert.Equal("+442079460958", e164);
        Assert.False(us.TryNormalize("020 7946 0958", out _));
    }

    [Fact]
    public void Numbers_are_shown_in_national_format_at_home_and_international_abroad()
    {
        Assert.Equal("(312) 555-0142", us.Format("+13125550142"));
        Assert.Equal("+44 20 7946 0958", us.Format("+442079460958"));
    }

    [Fact]
    public void The_form_attribute_uses_the_same_rules()
    {
        var attribute = new PhoneNumberAttribute();

        Assert.True(attribute.IsValid("(312) 555-0142"));
        Assert.True(attribute.IsValid(""));
        Assert.False(attribute.IsValid("12345"));
    }
}

using Bunit;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Web.Components.Pages.Customers;

namespace Portal.Tests.Web.Components;

public class CustomerFormTests : PortalComponentTest
{
    private readonly List<CustomerInput> submitted = [];

    public CustomerFormTests() => RenderProviders();

    private IRenderedComponent<CustomerForm> RenderForm(Func<CustomerInput, Task>? onSubmit = null) =>
        Render<CustomerForm>(p => p
            .Add(c => c.Model, new CustomerInput())
            .Add(c => c.OnSubmit, onSubmit ?? (input => { submitted.Add(input); return Task.CompletedTask; })));

    [Fact]
    public void An_invalid_phone_shows_a_field_error_and_does_not_submit()
    {
        var cut = RenderForm();

        InputLabelled(cut, "First name").Change("Dan");
        InputLabelled(cut, "Mobile phone").Change("12345");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Enter a valid phone number", cut.Markup));
        Assert.Empty(submitted);
    }

    [Fact]
    public void A_missing_first_name_shows_a_field_error_and_does_not_submit()
    {
        var cut = RenderForm();

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("First name is required.", cut.Markup));
        Assert.Empty(submitted);
    }

    [Fact]
    public void A_valid_customer_is_submitted()
    {
        var cut = RenderForm();

        InputLabelled(cut, "First name").Change("Dan");
        InputLabelled(cut, "Mobile phone").Change("(312) 555-0199");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(submitted));
        Assert.Equal("(312) 555-0199", submitted[0].Phone);
        Assert.DoesNotContain("Enter a valid phone number", cut.Markup);
    }

    [Fact]
    public void Each_system_that_keeps_a_customer_id_has_a_field_and_what_is_typed_is_submitted_under_its_module()
    {
        var cut = RenderForm();

        InputLabelled(cut, "First name").Change("Dan");
        InputLabelled(cut, "DMS customer id").Change("D-42");
        InputLabelled(cut, "Drivly lead id").Change("L-7");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(submitted));
        Assert.Equal("D-42", submitted[0].ExternalIds[DmsModule.Kind.Name]);
        Assert.Equal("L-7", submitted[0].ExternalIds[DrivlyModule.Kind.Name]);
    }

    [Fact]
    public void Errors_from_the_service_appear_on_their_field()
    {
        var cut = RenderForm(_ => throw new ValidationException(nameof(CustomerInput.Email), "That email belongs to another customer."));

        InputLabelled(cut, "First name").Change("Dan");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("That email belongs to another customer.", cut.Markup));
    }

    [Fact]
    public void A_number_already_on_file_offers_the_existing_customer_and_says_when_it_opted_out()
    {
        var existing = Guid.NewGuid();
        var cut = Render<CustomerForm>(p => p
            .Add(c => c.Model, new CustomerInput())
            .Add(c => c.OffersExisting, true)
            .Add(c => c.FindByPhone, phone => Task.FromResult<IReadOnlyList<PhoneMatch>>(
                phone.Contains("555-0142") ? [new PhoneMatch(existing, "Rosa Diaz", OptedOut: true, Visible: true)] : []))
            .Add(c => c.OnSubmit, input => { submitted.Add(input); return Task.CompletedTask; }));

        InputLabelled(cut, "Mobile phone").Change("(312) 555-0142");

        cut.WaitForAssertion(() => Assert.Contains("opted out of texts (as Rosa Diaz)", cut.Find("[data-testid=phone-opted-out]").TextContent));
        Assert.Equal($"/customers/{existing}", cut.Find("[data-testid=phone-existing] a").GetAttribute("href"));

        InputLabelled(cut, "Mobile phone").Change("(312) 555-0199");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=phone-existing]")));
    }

    [Fact]
    public void A_cleared_optional_email_does_not_block_saving()
    {
        var cut = RenderForm();

        InputLabelled(cut, "First name").Change("Dan");
        InputLabelled(cut, "Email").Change("not-an-email");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("Enter a valid email address.", cut.Markup));

        InputLabelled(cut, "Email").Change("");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(submitted));
        Assert.Null(submitted[0].Email);
        Assert.DoesNotContain("Enter a valid email address.", cut.Markup);
    }

    [Fact]
    public void A_too_long_name_is_explained_in_the_users_words()
    {
        var cut = RenderForm();

        InputLabelled(cut, "First name").Change(new string('x', 101));
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("First name can be at most 100 characters.", cut.Markup));
        Assert.DoesNotContain("The field", cut.Markup);
        Assert.Empty(submitted);
    }
}

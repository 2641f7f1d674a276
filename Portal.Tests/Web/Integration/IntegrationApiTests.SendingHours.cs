using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Portal.Tests.Web.Integration;

public partial class IntegrationApiTests
{
    [Fact]
    public async Task A_text_claiming_to_answer_a_customer_who_has_not_just_texted_is_refused_with_the_field()
    {
        var sales = await factory.QueryAsync(db => db.Departments.Where(d => d.Name == "Sales").Select(d => d.Id).SingleAsync());

        // A number nobody has texted from: there is no text of theirs to answer.
        var response = await Client(SalesKey).PostAsJsonAsync($"/api/v1/departments/{sales}/messages",
            new { to = "+13125550199", body = "Thanks for your message", isReply = true });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("5 minutes", problem.GetProperty("errors").GetProperty("isReply")[0].GetString());
        // Refused before the number became a customer.
        Assert.False(await factory.QueryAsync(db => db.Customers.AnyAsync(c => c.Phone == "+13125550199")));
    }
}

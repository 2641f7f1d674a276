using System.Net;
using System.Net.Http.Headers;
using Portal.Core.Customers;
using Portal.Core.Integration;
using Portal.Core.Messages;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

public class IntegrationApiRateLimitTests : IAsyncLifetime
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-api-limit-{Guid.NewGuid():N}.db");
    private PortalFactory factory = default!;

    public Task InitializeAsync()
    {
        factory = new PortalFactory(databasePath, new Dictionary<string, string?>
        {
            ["Portal:ApiKeys:0:Name"] = "Busy",
            ["Portal:ApiKeys:0:Key"] = "dcp_test_busy_0123456789",
            ["Portal:ApiKeys:0:Departments"] = "*",
            ["Portal:ApiKeys:1:Name"] = "Quiet",
            ["Portal:ApiKeys:1:Key"] = "dcp_test_quiet_0123456789",
            ["Portal:ApiKeys:1:Departments"] = "*",
            ["Portal:Api:RequestsPerMinute"] = "3",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    [Fact]
    public async Task A_key_over_its_allowance_gets_429_with_Retry_After_and_other_keys_are_not_held_back()
    {
        var busy = factory.CreateClient();
        busy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dcp_test_busy_0123456789");
        var quiet = factory.CreateClient();
        quiet.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dcp_test_quiet_0123456789");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await busy.GetAsync("/api/v1/departments"));
        }

        Assert.All(answers.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.InRange(int.Parse(answers[3].Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("application/problem+json", answers[3].Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await quiet.GetAsync("/api/v1/departments")).StatusCode);
    }
}

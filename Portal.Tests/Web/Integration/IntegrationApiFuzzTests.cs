using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>A host for the fuzzer: one key for every department, and no rate limit in its way.</summary>
public sealed class FuzzApiFactory() : PortalFactory(Path.Combine(Path.GetTempPath(), $"portal-api-fuzz-{Guid.NewGuid():N}.db"), new Dictionary<string, string?>
{
    ["Portal:ApiKeys:0:Name"] = "Fuzzer",
    ["Portal:ApiKeys:0:Key"] = IntegrationApiFuzzTests.Key,
    ["Portal:ApiKeys:0:Departments"] = "*",
    ["Portal:Api:RequestsPerMinute"] = "1000000",
})
{
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDatabase(DatabasePath);
    }
}

/// <summary>
/// Random requests to every operation in the OpenAPI document: bodies built from each operation's schema with
/// wrong types, edge-case strings and numbers, missing and extra fields, truncated JSON, and odd query values and ids.
/// Each must be answered below 500, and a refusal (4xx) must leave the database as it was.
/// </summary>
public class IntegrationApiFuzzTests(FuzzApiFactory factory) : IClassFixture<FuzzApiFactory>
{
    public const string Key = "dcp_test_fuzz_0123456789abcdef";
    private const int RequestsPerOperation = 12;

    private static readonly string[] EdgeStrings =
    [
        "", " ", "\t\n", "null", "undefined", "0", "-1", "1e309", "NaN", "true", "[]", "{}",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR 1=1 --", "'; DROP TABLE Messages; --",
        "../../../../etc/passwd", "file:///etc/passwd", "javascript:alert(1)", "http://", "https://example.com/a.jpg",
        "\u0000", "\u0007bell", "\ud800", "\udc00x", "\ud83d\ude97\ud83d\udca8", "\u202eevil", "\ufeffbom", "e\u0301\u0301\u0301",
        "ＳＴＯＰ", "STOP", "START", "Ä" + new string('\u0308', 200), "+13125550101", "+1 (312) 555-0101", "+999999999999999999",
        "0000000000", "2026-13-45T25:61:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-12-01T10:00:00+14:00",
        "00000000-0000-0000-0000-000000000000", "OUTGOING", "INCOMING", "NOTE", "TEXT", "EMAIL", "VOICE_CALL", "OptedIn", "OptedOut",
        "Open", "Closed", "{{ customer.first_name }}", "{{ customer.nope }}", "{% if %}", "{{", "%s%s%n", "a@b", "dms-1",
        new string('x', 1601), new string('é', 5000), new string('7', 100_000),
    ];

    private static readonly JsonNode?[] EdgeNumbers = [0, -1, 1, 100, 101, 201, int.MaxValue, int.MinValue, long.MaxValue, 1.5, -0.0, 1e308, 3_000_000_000L];

    private static readonly HashSet<string> Operations = ["get", "post", "put", "patch", "delete"];

    /// <summary>Fixed seeds, so a failure reproduces; among them those that once found a 500. <c>FUZZ_SEEDS=200</c> runs seeds 1–200 instead.</summary>
    public static TheoryData<int> Seeds => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEEDS"), out var count) && count > 0
        ? [.. Enumerable.Range(1, count)]
        : [1, 2, 3, 27, 38, 50, 58];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_requests_to_every_operation_are_answered_below_500_and_refusals_write_nothing(int seed)
    {
        var random = new Random(seed);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        // The served document, which another test holds equal to the committed one.
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var ids = await KnownIdsAsync();
        var failures = new List<string>();
        var sent = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Operations.Contains(o.Name)))
            {
                for (var i = 0; i < RequestsPerOperation; i++)
                {
                    var request = Request(random, document, path.Name, operation.Name, operation.Value, ids, out var shown);
                    var before = await CountsAsync();
                    using var response = await client.SendAsync(request);
                    sent++;
                    var status = (int)response.StatusCode;
                    if (status >= 500)
                    {
                        failures.Add($"{operation.Name.ToUpperInvariant()} {request.RequestUri} {Shorten(shown)} → {status} {Shorten(await response.Content.ReadAsStringAsync())}");
                    }
                    else if (status >= 400 && await CountsAsync() != before)
                    {
                        failures.Add($"{operation.Name.ToUpperInvariant()} {request.RequestUri} {Shorten(shown)} → {status}, yet rows changed");
                    }
                }
            }
        }

        Assert.True(sent >= 24 * RequestsPerOperation, $"only {sent} requests were made");
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {sent} requests failed:\n{string.Join("\n", failures.Take(8))}");
    }

    private HttpRequestMessage Request(Random random, JsonElement document, string template, string method, JsonElement operation, IReadOnlyDictionary<string, string[]> ids, out string shown)
    {
        var url = new StringBuilder(template);
        var query = new List<string>();
        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), "");
        foreach (var parameter in operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : [])
        {
            var name = parameter.GetProperty("name").GetString()!;
            switch (parameter.GetProperty("in").GetString())
            {
                case "path":
                    var value = random.NextDouble() switch
                    {
                        < 0.7 when ids.TryGetValue(name, out var known) => known[random.Next(known.Length)],
                        < 0.95 => Guid.NewGuid().ToString(),
                        // A request line cannot carry control characters at all; those strings go in bodies and queries.
                        _ => Uri.EscapeDataString(Pick(random, EdgeStrings.Where(e => !e.Any(char.IsControl)).ToArray())),
                    };
                    url.Replace("{" + name + "}", value);
                    break;
                case "query" when random.NextDouble() < 0.6:
                    var text = random.NextDouble() < 0.5 ? Pick(random, EdgeStrings) : Pick(random, EdgeNumbers)!.ToJsonString();
                    query.Add($"{name}={Uri.EscapeDataString(text.Length > 2000 ? text[..2000] : text)}");
                    break;
                case "header" when random.NextDouble() < 0.5:
                    // Only what HTTP can carry in a header: printable ASCII, sometimes too long.
                    request.Headers.TryAddWithoutValidation(name, random.NextDouble() < 0.2 ? new string('k', 300) : $"fuzz-{random.Next(20)}");
                    break;
            }
        }

        request.RequestUri = new Uri(url + (query.Count > 0 ? "?" + string.Join("&", query) : ""), UriKind.Relative);
        shown = "";
        if (operation.TryGetProperty("requestBody", out var body))
        {
            var schema = body.GetProperty("content").GetProperty("application/json").GetProperty("schema");
            var json = Instance(random, document, schema, 0, ids)?.ToJsonString() ?? "null";
            shown = random.NextDouble() switch
            {
                < 0.08 => json[..random.Next(json.Length)],
                < 0.12 => json + "}}]",
                _ => json,
            };
            request.Content = new StringContent(shown, Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>A value shaped by <paramref name="schema"/> most of the time, and anything at all some of the time.</summary>
    private static JsonNode? Instance(Random random, JsonElement document, JsonElement schema, int depth, IReadOnlyDictionary<string, string[]> ids)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        if (random.NextDouble() < 0.12 || depth > 5)
        {
            return Chaos(random, depth);
        }

        if (schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean() && random.NextDouble() < 0.1)
        {
            return null;
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            var options = values.EnumerateArray().Select(v => v.ToString()).ToArray();
            return random.NextDouble() < 0.8 ? options[random.Next(options.Length)] : Pick(random, EdgeStrings);
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : "object";
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case "object":
                var node = new JsonObject();
                foreach (var property in schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject() : [])
                {
                    if (random.NextDouble() < 0.8)
                    {
                        node[property.Name] = Instance(random, document, property.Value, depth + 1, ids);
                    }
                }

                if (random.NextDouble() < 0.1)
                {
                    node["unexpected" + random.Next(3)] = Chaos(random, depth + 1);
                }

                return node;
            case "array":
                var count = random.NextDouble() < 0.05 ? 600 : random.Next(4);
                var array = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    array.Add(Instance(random, document, schema.GetProperty("items"), depth + 1, ids));
                }

                return array;
            case "integer" or "number":
                return random.NextDouble() < 0.5 ? random.Next(-5, 120) : Pick(random, EdgeNumbers)?.DeepClone();
            case "boolean":
                return random.NextDouble() < 0.5;
            default:
                return format switch
                {
                    "uuid" when random.NextDouble() < 0.6 => Pick(random, ids.Values.SelectMany(v => v).ToArray()),
                    "uuid" => Guid.NewGuid().ToString(),
                    "date-time" when random.NextDouble() < 0.6 => HostClock.DefaultStart.AddMinutes(random.Next(-90_000, 90_000)).ToString("O"),
                    // A number nobody has yet: a refusal must not leave a customer behind.
                    _ when random.NextDouble() < 0.2 => $"+1312555{random.Next(10_000):D4}",
                    _ => Pick(random, EdgeStrings),
                };
        }
    }

    private static JsonNode? Chaos(Random random, int depth) => random.Next(depth > 5 ? 4 : 7) switch
    {
        0 => null,
        1 => random.NextDouble() < 0.5,
        2 => Pick(random, EdgeNumbers)?.DeepClone(),
        3 => Pick(random, EdgeStrings),
        4 => new JsonArray(Chaos(random, depth + 1), Chaos(random, depth + 1)),
        5 => new JsonObject { ["a"] = Chaos(random, depth + 1) },
        _ => Nest(random.Next(10, 80)),
    };

    private static JsonNode Nest(int levels)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < levels; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"… ({text.Length:N0} chars)";

    private Task<(int Messages, int Threads, int Customers, int Campaigns, int Consent)> CountsAsync() => factory.QueryAsync(async db =>
        (await db.Messages.CountAsync(), await db.Threads.CountAsync(), await db.Customers.CountAsync(), await db.Campaigns.CountAsync(),
         await db.Customers.CountAsync(c => c.Consent == ConsentStatus.OptedOut)));

    /// <summary>Real ids for path parameters and uuid fields, so requests reach past "not found".</summary>
    private async Task<IReadOnlyDictionary<string, string[]>> KnownIdsAsync()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var (sales, customers, threads, messages) = await factory.QueryAsync(async db =>
        {
            var department = await db.Departments.Where(d => d.Name == "Sales").Select(d => d.Id).SingleAsync();
            var threadRows = await db.Threads.Where(t => t.DepartmentId == department).OrderBy(t => t.Id).Take(3).Select(t => new { t.Id, t.CustomerId }).ToListAsync();
            var messageIds = await db.Messages.Where(m => threadRows.Select(t => t.Id).Contains(m.ThreadId)).OrderBy(m => m.Id).Take(3).Select(m => m.Id).ToListAsync();
            return (department, threadRows.Select(t => t.CustomerId).ToArray(), threadRows.Select(t => t.Id).ToArray(), messageIds.ToArray());
        });
        var campaign = await (await client.PostAsJsonAsync($"/api/v1/departments/{sales}/campaigns", new { name = "Fuzz target", variants = new[] { new { body = "Hello" } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        return new Dictionary<string, string[]>
        {
            ["departmentId"] = [sales.ToString()],
            ["customerId"] = [.. customers.Select(c => c.ToString())],
            ["threadId"] = [.. threads.Select(t => t.ToString())],
            ["messageId"] = [.. messages.Select(m => m.ToString())],
            ["campaignId"] = [campaign.GetProperty("id").GetString()!],
        };
    }
}

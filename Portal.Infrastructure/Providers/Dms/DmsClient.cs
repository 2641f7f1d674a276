using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.Dms;

/// <summary>
/// The DMS communications API: <c>PUT …/communication/historical</c> records past messages in the DMS customer's thread.
/// It records; it does not send.
/// </summary>
public sealed class DmsClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<DmsBatchResult> SaveHistoricalAsync(ProviderAccountSettings account, string departmentUuid, string customerUuid, IReadOnlyList<DmsHistoricalMessage> items, CancellationToken cancellationToken)
    {
        var url = $"{(account.BaseUrl ?? "").TrimEnd('/')}/communications/department/{Uri.EscapeDataString(departmentUuid)}/customer/{Uri.EscapeDataString(customerUuid)}/communication/historical";
        using var request = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonContent.Create(new DmsSaveRequest(items), options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.AccountId}:{account.ApiToken}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return DmsBatchResult.Failed($"HTTP {(int)response.StatusCode}: {Truncate(body)}");
            }

            var parsed = JsonSerializer.Deserialize<DmsSaveResponse>(body, Json) ?? new DmsSaveResponse();
            var results = new Dictionary<string, DmsItemResult>();
            foreach (var item in parsed.SaveMessageResponse ?? [])
            {
                if (item.SourceUuid is null)
                {
                    continue;
                }

                var errors = item.Errors ?? [];
                results[item.SourceUuid] = errors.Count == 0
                    ? new DmsItemResult(true, item.MessageUuid, null)
                    : new DmsItemResult(false, null, string.Join("; ", errors.Select(e => $"{e.ErrorCode}: {e.ErrorDescription}")));
            }

            foreach (var id in parsed.SuccesfullySubmittedSourceUuids ?? [])
            {
                results.TryAdd(id, new DmsItemResult(true, null, null));
            }

            foreach (var id in parsed.FailedSourceUuids ?? [])
            {
                results[id] = results.TryGetValue(id, out var known) && !known.Succeeded ? known : new DmsItemResult(false, null, "The DMS reported this item as failed.");
            }

            return new DmsBatchResult(null, results);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return DmsBatchResult.Failed(e.Message);
        }
    }

    private static string Truncate(string body) => body.Length <= 300 ? body : body[..300];
}

public sealed record DmsItemResult(bool Succeeded, string? MessageUuid, string? Error);

public sealed record DmsBatchResult(string? BatchError, IReadOnlyDictionary<string, DmsItemResult> Items)
{
    public static DmsBatchResult Failed(string error) => new(error, new Dictionary<string, DmsItemResult>());
}

public sealed record DmsHistoricalMessage(string SourceUuid, DateTime? SentOn, DateTime? ReceivedOn, DmsMessageAttributes MessageAttributes);

public sealed record DmsMessageAttributes(string Body, string Type, string Protocol, bool IsManual, Dictionary<string, string> MetaData);

internal sealed record DmsSaveRequest(IReadOnlyList<DmsHistoricalMessage> SaveMessageRequestList);

internal sealed class DmsSaveResponse
{
    public List<DmsSaveItem>? SaveMessageResponse { get; set; }

    // The DMS spells it this way.
    public List<string>? SuccesfullySubmittedSourceUuids { get; set; }
    public List<string>? FailedSourceUuids { get; set; }
}

internal sealed class DmsSaveItem
{
    public string? SourceUuid { get; set; }
    public string? MessageUuid { get; set; }
    public List<DmsError>? Errors { get; set; }
}

internal sealed class DmsError
{
    public string? ErrorCode { get; set; }
    public string? ErrorDescription { get; set; }
}

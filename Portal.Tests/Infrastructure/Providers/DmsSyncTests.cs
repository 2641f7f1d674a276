using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Threads;
using Portal.Infrastructure.Providers;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Providers;

public sealed class DmsSyncTests : IAsyncLifetime
{
    private readonly TestDatabase database = new(onDisk: true);
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private FakeProviderServer dms = default!;
    private DmsSyncJob job = default!;
    private Message sent = default!;
    private Message delivered = default!;
    private Message received = default!;
    private Message queued = default!;

    public async Task InitializeAsync()
    {
        dms = await FakeProviderServer.StartAsync(SeedConformance.Dms, request => Accept(request, failing: []));
        var protector = new Portal.Infrastructure.Security.DataProtectionSecretProtector(DataProtectionProvider.Create("portal-tests"));
        var service = new Department { Name = "Service" };
        var account = new ProviderAccount
        {
            Kind = DmsModule.Kind, Name = "DMS", DepartmentId = service.Id, BaseUrl = dms.BaseUrl, AccountId = "portal-user",
            EncryptedSecrets = new ProviderSecrets("dms-password", null).Protect(protector),
            Settings = new Dictionary<string, string> { [DmsSyncJob.DepartmentUuid] = "dept-uuid-1" },
        };
        var withDmsId = new Customer { FirstName = "Cara", Phone = "+17735550103", ExternalIds = [new() { Module = DmsModule.Kind.Name, Value = "cust-uuid-9" }] };
        var withoutDmsId = new Customer { FirstName = "Dan", Phone = "+17735550104" };
        var thread = new ConversationThread { DepartmentId = service.Id, CustomerId = withDmsId.Id, LastActivityAt = DateTime.UtcNow };
        var otherThread = new ConversationThread { DepartmentId = service.Id, CustomerId = withoutDmsId.Id, LastActivityAt = DateTime.UtcNow };
        var at = DateTime.UtcNow.AddHours(-1);
        sent = DataBuilder.Outbound(thread, "Your car is ready", at, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent);
        delivered = DataBuilder.Outbound(thread, "Total is $142", at.AddMinutes(1), MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered);
        received = DataBuilder.Inbound(thread, "On my way", at.AddMinutes(2));
        queued = DataBuilder.Outbound(thread, "Not sent yet", at.AddMinutes(3), MessageStatus.Queued);
        var elsewhere = DataBuilder.Inbound(otherThread, "No DMS id", at);
        await database.SeedAsync(service, account, withDmsId, withoutDmsId, thread, otherThread, sent, delivered, received, queued, elsewhere);

        var store = new ProviderAccountStore(database, protector, TestProviders.Catalog, Microsoft.Extensions.Options.Options.Create(new PublicUrlOptions()));
        job = new DmsSyncJob(database, store, new DmsClient(http), TimeProvider.System, NullLogger<DmsSyncJob>.Instance);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await dms.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Sent_and_received_texts_of_customers_with_a_dms_id_are_written_in_one_valid_batch()
    {
        var written = await job.RunAsync(CancellationToken.None);

        Assert.Equal(3, written);
        var request = Assert.Single(dms.Requests);
        Assert.Empty(request.ConformanceErrors);
        Assert.Equal("/communications/department/dept-uuid-1/customer/cust-uuid-9/communication/historical", request.Path);
        using var json = JsonDocument.Parse(request.Body);
        var items = json.RootElement.GetProperty("saveMessageRequestList").EnumerateArray().ToList();
        Assert.Equal([sent.Id.ToString(), delivered.Id.ToString(), received.Id.ToString()], items.Select(i => i.GetProperty("sourceUuid").GetString()));
        Assert.Equal(["OUTGOING", "OUTGOING", "INCOMING"], items.Select(i => i.GetProperty("messageAttributes").GetProperty("type").GetString()));
        Assert.All(items, i => Assert.Equal("TEXT", i.GetProperty("messageAttributes").GetProperty("protocol").GetString()));

        await using var db = database.CreateDbContext();
        var records = await db.Set<DmsSyncRecord>().ToListAsync();
        Assert.Equal(3, records.Count(r => r.State == DmsSyncState.Synced && r.DmsMessageUuid == $"dms-{r.MessageId}"));
    }

    [Fact]
    public async Task A_refused_item_is_retried_alone_and_accepted_items_are_never_sent_again()
    {
        dms.Default(request => Accept(request, failing: [received.Id.ToString()]));

        Assert.Equal(2, await job.RunAsync(CancellationToken.None));
        dms.Default(request => Accept(request, failing: []));
        Assert.Equal(1, await job.RunAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunAsync(CancellationToken.None));

        var requests = dms.Requests.ToList();
        Assert.Equal(2, requests.Count);
        using var retry = JsonDocument.Parse(requests[1].Body);
        var retried = Assert.Single(retry.RootElement.GetProperty("saveMessageRequestList").EnumerateArray());
        Assert.Equal(received.Id.ToString(), retried.GetProperty("sourceUuid").GetString());

        await using var db = database.CreateDbContext();
        var record = await db.Set<DmsSyncRecord>().SingleAsync(r => r.MessageId == received.Id);
        Assert.Equal(DmsSyncState.Synced, record.State);
        Assert.Equal(2, record.Attempts);
    }

    [Fact]
    public async Task A_failed_batch_is_recorded_and_retried_later()
    {
        dms.Then(new FakeResponse(503, "maintenance"));

        Assert.Equal(0, await job.RunAsync(CancellationToken.None));
        await using (var db = database.CreateDbContext())
        {
            Assert.All(await db.Set<DmsSyncRecord>().ToListAsync(), r => Assert.Contains("HTTP 503", r.Error));
        }

        Assert.Equal(3, await job.RunAsync(CancellationToken.None));
    }

    private static FakeResponse Accept(ReceivedRequest request, string[] failing)
    {
        using var json = JsonDocument.Parse(request.Body);
        var ids = json.RootElement.GetProperty("saveMessageRequestList").EnumerateArray().Select(i => i.GetProperty("sourceUuid").GetString()!).ToList();
        var response = new
        {
            saveMessageResponse = ids.Select(id => failing.Contains(id)
                ? (object)new { sourceUuid = id, errors = new[] { new { errorCode = "E42", errorDescription = "Customer thread is locked", errorUID = "x" } }, warnings = Array.Empty<object>() }
                : new { sourceUuid = id, messageUuid = $"dms-{id}", errors = Array.Empty<object>(), warnings = Array.Empty<object>() }),
            succesfullySubmittedSourceUuids = ids.Where(id => !failing.Contains(id)),
            failedSourceUuids = ids.Where(failing.Contains),
        };
        return new FakeResponse(200, JsonSerializer.Serialize(response));
    }
}

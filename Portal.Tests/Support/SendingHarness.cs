using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Core.Threads;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Sending;

namespace Portal.Tests.Support;

/// <summary>
/// The real sending pipeline (outbound service, dispatcher, providers with real HTTP) over a real SQLite database,
/// with one department, one customer, one thread and one provider account pointing at a fake provider server.
/// Time is a <see cref="FakeTimeProvider"/> set to 15:00 in the department's zone (inside sending hours).
/// </summary>
internal sealed class SendingHarness : IAsyncDisposable
{
    public static readonly DateTime Start = new(2026, 11, 23, 21, 0, 0, DateTimeKind.Utc); // 15:00 in Chicago

    private SendingHarness(FakeTimeProvider clock)
    {
        Clock = clock;
        Database = new TestDatabase(clock, onDisk: true);
    }

    public FakeTimeProvider Clock { get; }
    public TestDatabase Database { get; }
    public RecordingJobScheduler Jobs { get; } = new();

    /// <summary>Where the Simulator schedules its delivery reports.</summary>
    public (Hangfire.IBackgroundJobClient Client, Hangfire.JobStorage Storage) SimulatorJobs { get; } = TestProviders.Jobs();
    public InProcessConversationNotifier Notifier { get; } = new(NullLogger<InProcessConversationNotifier>.Instance);
    public SendingOptions Options { get; } = new() { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromSeconds(10) };
    public Department Department { get; } = new() { Name = "Sales", TimeZoneId = "America/Chicago" };
    public Customer Customer { get; } = new() { FirstName = "Ana", LastName = "Ruiz", Phone = "+13125550101", Email = "ana@example.com", ExternalIds = [new() { Module = DrivlyModule.Kind.Name, Value = "4711" }] };
    public ConversationThread Thread { get; private set; } = default!;
    public ProviderAccount Account { get; private set; } = default!;
    public ProviderAccountStore Store { get; private set; } = default!;
    public MessageDispatcher Dispatcher { get; private set; } = default!;

    public InterruptedSendResolver Interrupted { get; private set; } = default!;

    public SendResultRecorder Recorder { get; private set; } = default!;
    public Portal.Infrastructure.Inbound.IngestWriter Writer { get; private set; } = default!;
    public MessageStatusService Statuses { get; private set; } = default!;
    public OutboundMessageService Outbound { get; private set; } = default!;
    public DepartmentScope Scope => DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
    public Actor Actor { get; } = new(Guid.NewGuid(), "Sam Sales");
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<SendingHarness> CreateAsync(ProviderKind kind, string baseUrl, Action<ProviderAccount>? configure = null)
    {
        var harness = new SendingHarness(new FakeTimeProvider(Start));
        await harness.InitializeAsync(kind, baseUrl, configure);
        return harness;
    }

    private async Task InitializeAsync(ProviderKind kind, string baseUrl, Action<ProviderAccount>? configure)
    {
        var protector = TestProviders.Protector;
        Account = new ProviderAccount
        {
            Kind = kind,
            Name = $"{kind} test",
            DepartmentId = Department.Id,
            BaseUrl = baseUrl,
            AccountId = kind == SignalWireModule.Kind ? "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b" : "acct_01j9a43avnfqzbjfch6pygv1td",
            FromNumber = "+13125550100",
            EncryptedSecrets = new ProviderSecrets("secret-token-123", "signing-key").Protect(protector),
        };
        configure?.Invoke(Account);
        Department.DefaultProviderAccountId = Account.Id;
        Thread = new ConversationThread { DepartmentId = Department.Id, CustomerId = Customer.Id, LastActivityAt = Start.AddHours(-1) };
        // Ana began the conversation a day ago: a text to her is not the first to a stranger, so it carries no opt-out line.
        var herText = Message.Create(Thread.Id, MessageDirection.Inbound, MessageKind.Text, "Is the RAV4 still available?", MessageStatus.Received, Start.AddDays(-1));
        await Database.SeedAsync(Department, Customer, Account, Thread, herText);

        Store = TestProviders.Store(Database);
        IMessageProvider[] providers =
        [
            new SurgeProvider(Http),
            new SignalWireProvider(Http),
            new DrivlyProvider(Http, Clock),
            new SimulatorProvider(SimulatorJobs.Client),
        ];
        var lookup = new UncertainSendLookup(Database, [new SignalWireProvider(Http)]);
        Recorder = new SendResultRecorder(Microsoft.Extensions.Options.Options.Create(Options));
        Dispatcher = new MessageDispatcher(Database, providers, lookup, Store, Jobs, Notifier, Recorder, TestProviders.Telemetry, Clock, NullLogger<MessageDispatcher>.Instance);
        Interrupted = new InterruptedSendResolver(Database, lookup, Store, Jobs, Notifier, Clock, NullLogger<InterruptedSendResolver>.Instance);
        Writer = TestProviders.Writer(Database, Jobs, Notifier);
        Statuses = new MessageStatusService(Writer, Clock);
        Outbound = new OutboundMessageService(Database, Store, Jobs, Notifier, Clock, NullLogger<OutboundMessageService>.Instance);
    }

    public Task<Message> QueueAsync(string body = "Your car is ready", DateTime? sendAt = null, bool automated = false) =>
        Outbound.QueueAsync(Scope, Thread.Id, new ComposeRequest(body, SendAtUtc: sendAt, Automated: automated), Actor);

    public async Task<Message> ReloadAsync(Guid messageId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId);
    }

    public async Task<Customer> ReloadCustomerAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Customers.AsNoTracking().SingleAsync(c => c.Id == Customer.Id);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Writer.DisposeAsync();
        await Database.DisposeAsync();
    }
}

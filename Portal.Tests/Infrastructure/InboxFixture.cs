using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Identity;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure;

/// <summary>Sales and Service with two conversations each, a Sales member, a Service member and an admin.</summary>
public sealed class InboxFixture : IAsyncDisposable
{
    public static readonly DateTime Now = new(2026, 11, 23, 18, 0, 0, DateTimeKind.Utc);

    public TestDatabase Database { get; } = new();
    public Department Sales { get; } = DataBuilder.Department("Sales");
    public Department Service { get; } = DataBuilder.Department("Service");
    public PortalUser SalesRep { get; } = DataBuilder.User("Sam Sales");
    public PortalUser ServiceAdvisor { get; } = DataBuilder.User("Sue Service");
    public Customer Ana { get; } = DataBuilder.Customer("Ana", "Ruiz", "+13125550101");
    public Customer Ben { get; } = DataBuilder.Customer("Ben", "Okafor", "+13125550102");
    public Customer Cara { get; } = DataBuilder.Customer("Cara", "Lind", "+17735550103");
    public ConversationThread AnaSales { get; private set; } = default!;
    public ConversationThread BenSales { get; private set; } = default!;
    public ConversationThread CaraService { get; private set; } = default!;
    public ConversationThread AnaService { get; private set; } = default!;

    public DepartmentScope SalesScope => DepartmentScope.For(SalesRep.Id, [Roles.Staff], [Sales.Id]);
    public DepartmentScope ServiceScope => DepartmentScope.For(ServiceAdvisor.Id, [Roles.Staff], [Service.Id]);
    public DepartmentScope AdminScope => DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);

    public static async Task<InboxFixture> CreateAsync()
    {
        var f = new InboxFixture();
        f.AnaSales = DataBuilder.Thread(f.Sales, f.Ana, Now.AddMinutes(-5), f.SalesRep.Id);
        f.BenSales = DataBuilder.Thread(f.Sales, f.Ben, Now.AddHours(-2));
        f.CaraService = DataBuilder.Thread(f.Service, f.Cara, Now.AddMinutes(-30), f.ServiceAdvisor.Id);
        f.AnaService = DataBuilder.Thread(f.Service, f.Ana, Now.AddDays(-3));
        f.AnaService.Status = ThreadStatus.Closed;
        f.AnaSales.LastInboundAt = Now.AddMinutes(-5);
        f.BenSales.LastInboundAt = Now.AddHours(-2);
        f.CaraService.LastInboundAt = Now.AddMinutes(-30);

        await f.Database.SeedAsync(
            f.Sales, f.Service, f.SalesRep, f.ServiceAdvisor, f.Ana, f.Ben, f.Cara,
            new DepartmentMember { DepartmentId = f.Sales.Id, UserId = f.SalesRep.Id },
            new DepartmentMember { DepartmentId = f.Service.Id, UserId = f.ServiceAdvisor.Id },
            f.AnaSales, f.BenSales, f.CaraService, f.AnaService,
            // Ana wrote twice to Sales, after Sam last read; Ben's one message was read.
            DataBuilder.Inbound(f.AnaSales, "Is the Camry available?", Now.AddMinutes(-10)),
            DataBuilder.Inbound(f.AnaSales, "Hello?", Now.AddMinutes(-5)),
            DataBuilder.Inbound(f.BenSales, "Thanks!", Now.AddHours(-2)),
            new ThreadReadState { ThreadId = f.AnaSales.Id, UserId = f.SalesRep.Id, LastReadAt = Now.AddMinutes(-20) },
            new ThreadReadState { ThreadId = f.BenSales.Id, UserId = f.SalesRep.Id, LastReadAt = Now.AddHours(-1) },
            DataBuilder.Inbound(f.CaraService, "Is my car ready?", Now.AddMinutes(-30)));
        return f;
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

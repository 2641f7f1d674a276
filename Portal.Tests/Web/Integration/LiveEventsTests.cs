using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Common;
using Portal.Core.Threads;
using Portal.Core.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

public sealed class LiveEventsHost : IAsyncLifetime
{
    public static readonly Guid SignalWireId = Guid.Parse("3c7e2a51-6b3d-4f8e-9a1c-2d3e4f5a6c01");
    public const string SigningKey = "live-signing-key";
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-live-{Guid.NewGuid():N}.db");

    public PortalFactory Factory { get; private set; } = default!;

    public Task InitializeAsync()
    {
        Factory = new PortalFactory(databasePath, ConfiguredAccounts.SignalWire(SignalWireId, SigningKey));
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }
}

/// <summary>Real SignalR clients of two users: what one does appears for the other, with what is needed to show it.</summary>
public sealed class LiveEventsTests(LiveEventsHost host) : IClassFixture<LiveEventsHost>
{
    private PortalFactory Factory => host.Factory;

    [Fact]
    public async Task A_note_an_assignment_and_a_close_by_one_user_reach_the_other_with_the_change()
    {
        await using var staff = await HubWatcher.ConnectAsync(Factory, "staff.service@demo.portal", PortalFactory.DemoPassword);
        var (manager, scope) = await ActAsAsync("manager.service@demo.portal");
        var staffId = await UserIdAsync("staff.service@demo.portal");
        // Not already the staff member's: assigning it to them is a change.
        var threadId = await Factory.QueryAsync(db => db.Threads
            .Where(t => t.Department!.Name == "Service" && t.Status == ThreadStatus.Open && t.AssigneeId != staffId).Select(t => t.Id).FirstAsync());
        var threads = Factory.Services.GetRequiredService<IThreadService>();

        await threads.AddNoteAsync(scope, threadId, "Loaner is in bay 3", manager);
        var note = await staff.NextAsync("MessageAdded");
        Assert.Equal(threadId, note.GetProperty("threadId").GetGuid());
        Assert.Equal("Loaner is in bay 3", note.GetProperty("body").GetString());
        Assert.Equal("Note", note.GetProperty("kind").GetString());
        Assert.Equal(manager.Name, note.GetProperty("authorName").GetString());

        await threads.AssignAsync(scope, threadId, staffId, manager);
        var assigned = await staff.NextAsync("ThreadUpdated");
        Assert.Equal(staffId, assigned.GetProperty("thread").GetProperty("assigneeId").GetGuid());

        await threads.CloseAsync(scope, threadId, manager);
        var closed = await staff.NextAsync("ThreadUpdated");
        Assert.Equal("Closed", closed.GetProperty("thread").GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(closed.GetProperty("thread").GetProperty("customer").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_received_text_is_pushed_with_its_body_media_and_customer()
    {
        await using var staff = await HubWatcher.ConnectAsync(Factory, "staff.service@demo.portal", PortalFactory.DemoPassword);
        var sid = $"SM{Guid.NewGuid():N}";
        KeyValuePair<string, string>[] form =
        [
            new("MessageSid", sid), new("AccountSid", ConfiguredAccounts.SignalWireProject), new("From", "+13125550171"),
            new("To", ConfiguredAccounts.SignalWireNumber), new("Body", "Here is the scratch"), new("NumMedia", "1"),
            new("MediaUrl0", "https://media.example.com/scratch.jpg"), new("MediaContentType0", "image/jpeg"),
        ];
        var path = $"/webhooks/signalwire/{LiveEventsHost.SignalWireId}/messages";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", Portal.Infrastructure.Providers.SignalWire.TwilioSignature.Compute(LiveEventsHost.SigningKey, ConfiguredAccounts.PublicBase + path, form));

        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().SendAsync(request)).StatusCode);

        var pushed = await staff.NextAsync("MessageReceived");
        Assert.Equal("Here is the scratch", pushed.GetProperty("body").GetString());
        Assert.Equal("Received", pushed.GetProperty("status").GetString());
        Assert.Equal("Inbound", pushed.GetProperty("direction").GetString());
        Assert.Equal("https://media.example.com/scratch.jpg", pushed.GetProperty("mediaUrls")[0].GetString());
        Assert.Equal("+13125550171", pushed.GetProperty("customer").GetProperty("phone").GetString());
        Assert.NotEqual(default, pushed.GetProperty("occurredAt").GetDateTime());
    }

    [Fact]
    public async Task A_user_removed_from_a_department_stops_receiving_its_events_at_once()
    {
        var users = Factory.Services.GetRequiredService<IUserAdministration>();
        var serviceId = await Factory.QueryAsync(db => db.Departments.Where(d => d.Name == "Service").Select(d => d.Id).SingleAsync());
        var partsId = await Factory.QueryAsync(db => db.Departments.Where(d => d.Name == "Parts").Select(d => d.Id).SingleAsync());
        var input = new UserInput { Email = $"leaving.{Guid.NewGuid():N}@demo.portal", DisplayName = "Leaving Soon", Role = Portal.Core.Security.Roles.Staff, DepartmentIds = [serviceId, partsId] };
        var created = await users.CreateAsync(input);
        await ChooseOwnPasswordAsync(created.Id);
        await using var leaving = await HubWatcher.ConnectAsync(Factory, input.Email, created.TemporaryPassword);
        await using var admin = await HubWatcher.ConnectAsync(Factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var (manager, scope) = await ActAsAsync("manager.service@demo.portal");
        var threadId = await Factory.QueryAsync(db => db.Threads.Where(t => t.DepartmentId == serviceId).Select(t => t.Id).FirstAsync());
        var threads = Factory.Services.GetRequiredService<IThreadService>();
        await threads.AddNoteAsync(scope, threadId, "Before the change", manager);
        Assert.Equal("Before the change", (await leaving.NextAsync("MessageAdded")).GetProperty("body").GetString());
        await admin.NextAsync("MessageAdded");

        input.DepartmentIds = [partsId];
        await users.UpdateAsync(created.Id, input);
        await threads.AddNoteAsync(scope, threadId, "After the change", manager);

        Assert.Equal("After the change", (await admin.NextAsync("MessageAdded")).GetProperty("body").GetString());
        await leaving.AssertNothingBeforeAsync(marker => HubWatcher.NoteAsync(Factory, "Parts", marker));
    }

    private async Task<(Actor Actor, Portal.Core.Security.DepartmentScope Scope)> ActAsAsync(string email)
    {
        var id = await UserIdAsync(email);
        var scope = await Factory.Services.GetRequiredService<IDepartmentScopeProvider>().GetScopeForUserAsync(id);
        var name = await Factory.QueryAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).SingleAsync());
        return (new Actor(id, name), scope);
    }

    /// <summary>As the user would on first sign-in: the temporary password stays, the requirement to change it goes.</summary>
    private async Task ChooseOwnPasswordAsync(Guid userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Infrastructure.Identity.PortalUser>>();
        var user = await users.FindByIdAsync(userId.ToString());
        foreach (var claim in await users.GetClaimsAsync(user!))
        {
            await users.RemoveClaimAsync(user!, claim);
        }
    }

    private Task<Guid> UserIdAsync(string email) => Factory.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
}

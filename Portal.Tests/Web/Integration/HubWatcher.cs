using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Web.Integration;

/// <summary>A real SignalR client connection to a test host's hub, signed in as a user, queueing what it is pushed.</summary>
public sealed class HubWatcher : IAsyncDisposable
{
    private readonly HubConnection connection;
    private readonly Channel<(string Method, JsonElement Payload)> received = Channel.CreateUnbounded<(string, JsonElement)>();

    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubWatcher(HubConnection connection)
    {
        this.connection = connection;
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        foreach (var method in new[] { "MessageReceived", "MessageAdded", "MessageStatusChanged", "ThreadUpdated" })
        {
            connection.On<JsonElement>(method, payload => received.Writer.TryWrite((method, payload)));
        }
    }

    public static async Task<HubWatcher> ConnectAsync(PortalFactory factory, string email, string password)
    {
        var cookie = await SignInCookieAsync(factory, email, password);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/conversations"), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.Headers.Add("Cookie", cookie);
            })
            .Build();
        var watcher = new HubWatcher(connection);
        await connection.StartAsync();
        return watcher;
    }

    /// <summary>Connects with an integration's API key instead of a signed-in user.</summary>
    public static async Task<HubWatcher> ConnectWithKeyAsync(PortalFactory factory, string apiKey)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/conversations"), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.AccessTokenProvider = () => Task.FromResult<string?>(apiKey);
            })
            .Build();
        var watcher = new HubWatcher(connection);
        await connection.StartAsync();
        return watcher;
    }

    /// <summary>Signs in through the real login form and returns the authentication cookie.</summary>
    public static async Task<string> SignInCookieAsync(PortalFactory factory, string email, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/Account/Login");
        var antiforgeryCookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = HttpClientSignIn.LoginForm(await page.Content.ReadAsStringAsync(), email, password),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith(".AspNetCore.Identity", StringComparison.Ordinal)));
    }

    /// <summary>Completes when the server closes the connection.</summary>
    public Task Closed => closed.Task;

    public async Task<(string Method, JsonElement Payload)> NextAnyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await received.Reader.ReadAsync(timeout.Token);
    }

    public async Task<JsonElement> NextAsync(string method)
    {
        while (true)
        {
            var next = await NextAnyAsync();
            if (next.Method == method)
            {
                return next.Payload;
            }
        }
    }

    /// <summary>
    /// Proves this connection saw nothing it should not: <paramref name="marker"/> writes a note this connection does
    /// receive, published after whatever it must not see, so an unwanted event would arrive first. No fixed wait, and
    /// a late unwanted event cannot slip past.
    /// </summary>
    public async Task AssertNothingBeforeAsync(Func<string, Task> marker)
    {
        var body = $"Marker {Guid.NewGuid():N}";
        await marker(body);
        var next = await NextAnyAsync();
        Assert.True(next.Method == "MessageAdded" && next.Payload.GetProperty("body").GetString() == body, $"Received {next.Method} it should not see: {next.Payload}");
    }

    /// <summary>An internal note on a conversation of <paramref name="department"/>, written by an administrator: a marker every member sees.</summary>
    public static async Task NoteAsync(PortalFactory factory, string department, string body)
    {
        var (adminId, threadId) = await factory.QueryAsync(async db => (
            await db.Users.Where(u => u.Email == PortalFactory.AdminEmail).Select(u => u.Id).SingleAsync(),
            await db.Threads.Where(t => t.Department!.Name == department).Select(t => t.Id).FirstAsync()));
        await factory.Services.GetRequiredService<Portal.Core.Threads.IThreadService>().AddNoteAsync(
            Portal.Core.Security.DepartmentScope.For(adminId, [Portal.Core.Security.Roles.Admin], []), threadId, body, new Portal.Core.Common.Actor(adminId, "Admin"));
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

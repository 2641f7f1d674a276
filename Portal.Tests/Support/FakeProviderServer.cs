using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Support;

/// <summary>A request as the fake provider received it.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string ContentType, string Body, DateTime ReceivedAtUtc, IReadOnlyList<string> ConformanceErrors);

/// <summary>What the fake answers to one request. <paramref name="StallBody"/>: send the headers and the start of the body, then never finish it.</summary>
public sealed record FakeResponse(int Status, string Body, TimeSpan Delay = default, string? RetryAfter = null, string ContentType = "application/json", bool StallBody = false);

/// <summary>
/// A real HTTP server on loopback (Kestrel, a random port) standing in for a provider. Every request is checked against
/// the provider's seed document by a validator and recorded; answers come from a script, then a default.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeResponse> script = new();
    private readonly Func<HttpRequest, string, IReadOnlyList<string>> validator;
    private Func<ReceivedRequest, FakeResponse> fallback;

    private FakeProviderServer(WebApplication app, Func<HttpRequest, string, IReadOnlyList<string>> validator, Func<ReceivedRequest, FakeResponse> fallback)
    {
        this.app = app;
        this.validator = validator;
        this.fallback = fallback;
    }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>The clock <see cref="ReceivedRequest.ReceivedAtUtc"/> is read from: set it to the portal's to compare with its times.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>A Surge that checks each request against its document and accepts every text with a new id.</summary>
    public static Task<FakeProviderServer> SurgeAcceptingAsync() =>
        StartAsync(SeedConformance.Surge, _ => new FakeResponse(201, $"{{\"id\":\"msg_{Guid.NewGuid():N}\"}}"));

    public static async Task<FakeProviderServer> StartAsync(Func<HttpRequest, string, IReadOnlyList<string>> validator, Func<ReceivedRequest, FakeResponse> fallback)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeProviderServer(app, validator, fallback);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>The next requests get these answers, in order; after that the default applies.</summary>
    public void Then(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }
    }

    public void Default(Func<ReceivedRequest, FakeResponse> answer) => fallback = answer;

    public IReadOnlyList<ReceivedRequest> Sends(string method = "POST") => Requests.Where(r => r.Method == method).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var errors = validator(context.Request, body);
        var received = new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Request.ContentType ?? "",
            body,
            Clock.GetUtcNow().UtcDateTime,
            errors);
        Requests.Enqueue(received);

        var answer = errors.Count > 0
            ? new FakeResponse(422, System.Text.Json.JsonSerializer.Serialize(new { conformance_errors = errors }))
            : script.TryDequeue(out var scripted) ? scripted : fallback(received);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }

        await context.Response.WriteAsync(answer.Body);
        if (answer.StallBody)
        {
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>A loopback address with nothing listening: connections are refused.</summary>
    public static string RefusingUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}

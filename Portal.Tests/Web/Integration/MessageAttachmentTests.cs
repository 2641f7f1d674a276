using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Messages;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Photos and files in a thread are served to the people of its department, from the portal or from the provider.</summary>
public sealed class MessageAttachmentTests : IAsyncLifetime
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-media-{Guid.NewGuid():N}.db");
    private FakeProviderServer providerMedia = default!;
    private PortalFactory factory = default!;

    public async Task InitializeAsync()
    {
        // The fake provider is on loopback, which production never fetches from.
        factory = new PortalFactory(databasePath, new Dictionary<string, string?> { ["Portal:EventWebhooks:AllowPrivateAddresses"] = "true" });
        providerMedia = await FakeProviderServer.StartAsync((_, _) => [], _ => new FakeResponse(200, "provider-photo-bytes", ContentType: "image/jpeg"));
    }

    public async Task DisposeAsync()
    {
        await providerMedia.DisposeAsync();
        await factory.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    [Fact]
    public async Task A_link_to_a_private_address_is_never_fetched()
    {
        var strictPath = Path.Combine(Path.GetTempPath(), $"portal-media-{Guid.NewGuid():N}.db");
        await using var strict = new PortalFactory(strictPath, new Dictionary<string, string?>());
        await StrictCheckAsync(strict);
        await strict.DisposeAsync();
        PortalFactory.DeleteDatabase(strictPath);
    }

    private async Task StrictCheckAsync(PortalFactory strict)
    {
        await using var db = await strict.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var thread = await db.Threads.FirstAsync(t => t.Department!.Name == "Sales");
        var message = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, "See this", MessageStatus.Sent, strict.Clock.UtcNow);
        message.Attachments.Add(new Attachment($"{providerMedia.BaseUrl}/internal/secret.png", "image/png"));
        db.Add(message);
        await db.SaveChangesAsync();
        var staff = await strict.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        var response = await staff.GetAsync($"/messages/{message.Id}/attachments/0");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(providerMedia.Requests, r => r.Path == "/internal/secret.png");
    }

    [Fact]
    public async Task A_sent_photo_is_served_to_its_department_long_after_the_providers_link_expired()
    {
        var attachment = await factory.Services.GetRequiredService<IMediaStore>().SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes("stored-photo-bytes")), "image/png", "bumper.png");
        var messageId = await AddSalesMessageAsync(MessageDirection.Outbound, attachment);
        factory.Clock.Advance(TimeSpan.FromDays(30));
        var staff = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        var response = await staff.GetAsync($"/messages/{messageId}/attachments/0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("stored-photo-bytes", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(new Uri(attachment.Url).AbsolutePath)).StatusCode);
    }

    [Fact]
    public async Task A_customers_photo_is_fetched_from_the_provider_and_never_linked_to_it()
    {
        var messageId = await AddSalesMessageAsync(MessageDirection.Inbound, new Attachment($"{providerMedia.BaseUrl}/media/MM123/0", "image/jpeg"));
        var staff = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        var response = await staff.GetAsync($"/messages/{messageId}/attachments/0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("provider-photo-bytes", await response.Content.ReadAsStringAsync());
        Assert.Contains(providerMedia.Requests, r => r.Path == "/media/MM123/0");
    }

    [Fact]
    public async Task Another_departments_staff_are_refused_and_strangers_sent_to_sign_in()
    {
        var attachment = await factory.Services.GetRequiredService<IMediaStore>().SaveAsync(new MemoryStream([1, 2, 3]), "application/pdf", "quote.pdf");
        var messageId = await AddSalesMessageAsync(MessageDirection.Outbound, attachment);
        var service = await factory.SignedInClientAsync("staff.service@demo.portal", PortalFactory.DemoPassword);

        var refused = await service.GetAsync($"/messages/{messageId}/attachments/0");
        var stranger = await factory.CreateBrowserLikeClient().GetAsync($"/messages/{messageId}/attachments/0");
        var missing = await service.GetAsync($"/messages/{messageId}/attachments/1");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(stranger.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"A stranger got {stranger.StatusCode}.");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_file_the_page_must_not_render_is_only_downloaded()
    {
        var messageId = await AddSalesMessageAsync(MessageDirection.Inbound, new Attachment($"{providerMedia.BaseUrl}/media/MM9/0", "image/svg+xml", "drawing.svg"));
        providerMedia.Then(new FakeResponse(200, "<svg onload=\"alert(1)\"/>", ContentType: "image/svg+xml"));
        var staff = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        var response = await staff.GetAsync($"/messages/{messageId}/attachments/0");

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    private async Task<Guid> AddSalesMessageAsync(MessageDirection direction, Attachment attachment)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var thread = await db.Threads.FirstAsync(t => t.Department!.Name == "Sales");
        var message = Message.Create(thread.Id, direction, MessageKind.Text, "Here it is", direction == MessageDirection.Inbound ? MessageStatus.Received : MessageStatus.Sent, factory.Clock.UtcNow);
        message.Attachments.Add(attachment);
        db.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Common;
using Portal.Infrastructure.Media;
using Portal.Infrastructure.Providers;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure;

public sealed class MediaStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
    private TestDatabase database = default!;
    private MediaStore store = default!;

    public Task InitializeAsync()
    {
        database = new TestDatabase(clock);
        store = new MediaStore(database, DataProtectionProvider.Create("portal-tests"), Options.Create(new PublicUrlOptions { PublicBaseUrl = "https://portal.example.com" }), clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task An_upload_gets_an_unguessable_address_that_serves_it_until_it_expires()
    {
        var attachment = await store.SaveAsync(new MemoryStream([1, 2, 3]), "image/png", "car.png");

        Assert.StartsWith("https://portal.example.com/media/", attachment.Url);
        var token = attachment.Url[(attachment.Url.LastIndexOf('/') + 1)..];
        var file = await store.OpenAsync(token);
        Assert.Equal([1, 2, 3], file!.Content);
        Assert.Equal("image/png", file.ContentType);

        Assert.Null(await store.OpenAsync(token[..^2] + "xx"));
        clock.Advance(MediaStore.Lifetime + TimeSpan.FromMinutes(1));
        Assert.Null(await store.OpenAsync(token));
    }

    [Fact]
    public async Task Files_carriers_cannot_carry_are_refused()
    {
        await Assert.ThrowsAsync<ValidationException>(() => store.SaveAsync(new MemoryStream([1]), "application/x-msdownload", "setup.exe"));
        await Assert.ThrowsAsync<ValidationException>(() => store.SaveAsync(new MemoryStream(new byte[6 * 1024 * 1024]), "image/jpeg", "huge.jpg"));
    }
}

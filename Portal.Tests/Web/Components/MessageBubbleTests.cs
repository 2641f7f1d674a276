using Bunit;
using Portal.Core.Messages;
using Portal.Web.Components.Pages.Inbox;

namespace Portal.Tests.Web.Components;

public sealed class MessageBubbleTests : PortalComponentTest
{
    [Fact]
    public void A_photo_shows_as_a_thumbnail_that_opens_full_size_and_a_file_as_a_named_link()
    {
        var message = Message.Create(Guid.NewGuid(), MessageDirection.Inbound, MessageKind.Text, "Here is the dent", MessageStatus.Received, Clock.UtcNow);
        message.Attachments.Add(new Attachment("https://api.surge.app/attachments/att_01", "image"));
        message.Attachments.Add(new Attachment("https://files.example/quote.pdf", "application/pdf", "quote.pdf"));

        var bubble = Render<MessageBubble>(p => p.Add(b => b.Message, message).Add(b => b.TimeZoneId, "America/Chicago").Add(b => b.Now, Clock.UtcNow));

        var photo = bubble.Find("a.bubble-photo");
        Assert.Equal($"/messages/{message.Id}/attachments/0", photo.GetAttribute("href"));
        Assert.Equal($"/messages/{message.Id}/attachments/0", photo.QuerySelector("img")!.GetAttribute("src"));
        Assert.StartsWith("Photo", photo.QuerySelector("img")!.GetAttribute("alt"));
        var file = bubble.Find("a.bubble-attachment");
        Assert.Equal($"/messages/{message.Id}/attachments/1", file.GetAttribute("href"));
        Assert.Contains("quote.pdf", file.TextContent);
        Assert.DoesNotContain("api.surge.app", bubble.Markup);
    }

    [Theory]
    [InlineData("image/jpeg", null, "https://x/a", true)]
    [InlineData("image", null, "https://x/a", true)]
    [InlineData(null, "car.HEIC", "https://x/a", true)]
    [InlineData(null, null, "https://x/media/photo.png", true)]
    [InlineData("application/pdf", "a.png", "https://x/a", false)]
    [InlineData(null, null, "https://x/media/token", false)]
    public void An_attachment_is_a_photo_by_its_type_or_else_its_name(string? type, string? name, string url, bool image) =>
        Assert.Equal(image, new Attachment(url, type, name).IsImage);
}

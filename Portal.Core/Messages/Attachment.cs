namespace Portal.Core.Messages;

public sealed record Attachment(string Url, string? ContentType = null, string? FileName = null);

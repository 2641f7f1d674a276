using Portal.Core.Common;

namespace Portal.Core.Sending;

/// <summary>A text to a customer who opted out: refused before any provider is called.</summary>
public sealed class CustomerOptedOutException(string customerName)
    : DomainException($"{customerName} has opted out of texts. They can text START to opt back in.");

namespace Portal.Core.Messages;

public enum MessageDirection
{
    Inbound,
    Outbound,
    /// <summary>Notes and system events: never leave the dealership.</summary>
    Internal,
}

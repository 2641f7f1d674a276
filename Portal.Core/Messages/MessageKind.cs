namespace Portal.Core.Messages;

public enum MessageKind
{
    Text,
    Email,
    Note,
    VoiceCall,
    /// <summary>"Opted out", "Assigned to Alex": shown as a small centred line.</summary>
    SystemEvent,
}

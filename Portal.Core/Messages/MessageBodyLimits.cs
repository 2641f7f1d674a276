namespace Portal.Core.Messages;

public static class MessageBodyLimits
{
    /// <summary>Ten UCS-2 segments: longer texts are split by carriers into too many parts to read well.</summary>
    public const int MaxTextLength = 1600;
    public const int MaxNoteLength = 4000;
}

namespace Portal.Core.Templates;

/// <summary>The Drivly template types.</summary>
public enum TemplateType
{
    InitialText,
    Nudge,
    Email,
}

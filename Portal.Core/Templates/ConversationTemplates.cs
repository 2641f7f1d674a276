using Portal.Core.Threads;

namespace Portal.Core.Templates;

/// <summary>Rendering a template for one conversation: the same rules for the composer, the API and anything else that texts a customer.</summary>
public static class ConversationTemplates
{
    /// <summary>
    /// The template's text for <paramref name="conversation"/>'s customer and department. The rep is the person writing
    /// when a person replies (<paramref name="senderIsRep"/>); in an automated text it is the lead's sales rep, else the sender.
    /// </summary>
    public static string RenderFor(this ITemplateService templates, string template, ThreadDetail conversation, string senderName, bool senderIsRep)
    {
        var context = MergeContext.For(conversation.Customer, senderName, conversation.Department.Name);
        return templates.Render(template, senderIsRep ? context with { RepName = senderName } : context);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Templates;

namespace Portal.Infrastructure.Templates;

internal static class TemplatesRegistration
{
    public static IServiceCollection AddTemplates(this IServiceCollection services) =>
        services.AddSingleton<ITemplateService, TemplateService>();
}

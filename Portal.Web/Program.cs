using Portal.Infrastructure;
using Portal.Web;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddPortalInfrastructure(builder.Configuration, builder.Environment)
    .AddPortalWeb(builder.Configuration);

var app = builder.Build();

app.UsePortalPipeline();
app.MapPortalEndpoints();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;


namespace Portal.Tests.Architecture;

public class LayeringTests
{
    private static readonly string[] ForbiddenInCore =
    [
        "Microsoft.EntityFrameworkCore",
        "Hangfire",
        "Microsoft.AspNetCore",
        "System.Net.Http",
        "Portal.Infrastructure",
        "Portal.Web",
    ];

    [Fact]
    public void Core_references_no_persistence_jobs_realtime_or_http_assembly()
    {
        var core = typeof(Portal.Core.Messages.Message).Assembly;

        var offending = core.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(name => ForbiddenInCore.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Core_project_file_has_no_forbidden_package()
    {
        var project = File.ReadAllText(Path.Combine(SolutionRoot(), "Portal.Core", "Portal.Core.csproj"));

        foreach (var package in new[] { "EntityFrameworkCore", "Hangfire", "SignalR", "Microsoft.Extensions.Http", "FrameworkReference" })
        {
            Assert.DoesNotContain(package, project, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Infrastructure_does_not_depend_on_the_web_project()
    {
        var infrastructure = typeof(Portal.Infrastructure.DependencyInjection).Assembly;

        Assert.DoesNotContain(infrastructure.GetReferencedAssemblies(), a => a.Name == "Portal.Web");
    }

    internal static string SolutionRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}

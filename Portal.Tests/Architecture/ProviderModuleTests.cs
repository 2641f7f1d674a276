using System.Text.RegularExpressions;
using Portal.Core.Providers;
using Portal.Core.ProviderWebhooks;

namespace Portal.Tests.Architecture;

/// <summary>
/// A provider is one folder under Portal.Infrastructure/Providers plus one registration line: Core holds only ports and
/// neutral types, and nothing outside a module's folder names the module or branches on a provider kind.
/// </summary>
public class ProviderModuleTests
{
    private static readonly string Root = LayeringTests.SolutionRoot();
    private static readonly string ProvidersFolder = Path.Combine(Root, "Portal.Infrastructure", "Providers");

    /// <summary>The modules, as the folders under Providers/ name them.</summary>
    private static readonly string[] Modules = Directory.GetDirectories(ProvidersFolder).Select(Path.GetFileName).OfType<string>().Order().ToArray();

    /// <summary>
    /// Composition that may name modules: the one registration list, the demo seeder's Simulator accounts and ids, and the
    /// integration API's published customer contract, whose <c>dmsCustomerId</c> is the id the DMS module keeps.
    /// </summary>
    private static readonly string[] AllowedToNameModules =
    [
        Path.Combine("Portal.Infrastructure", "Providers", "ProviderModules.cs"),
        Path.Combine("Portal.Infrastructure", "Seeding", "DemoDataSeeder.cs"),
        Path.Combine("Portal.Web", "Api", "CustomerContracts.cs"),
    ];

    [Fact]
    public void Every_module_folder_has_a_descriptor_and_one_registration_line()
    {
        var registration = File.ReadAllText(Path.Combine(ProvidersFolder, "ProviderModules.cs"));

        Assert.Equal(["Dms", "Drivly", "SignalWire", "Simulator", "Surge"], Modules);
        foreach (var module in Modules)
        {
            var moduleFile = Path.Combine(ProvidersFolder, module, $"{module}Module.cs");
            Assert.True(File.Exists(moduleFile), $"{module} has no {module}Module.cs");
            Assert.Contains("ProviderDescriptor Descriptor", File.ReadAllText(moduleFile));
            Assert.Single(Regex.Matches(registration, $@"\bAdd{module}\("));
        }
    }

    [Fact]
    public void Core_names_no_provider_in_a_type_or_member_and_declares_no_provider_kind()
    {
        var core = typeof(ProviderKind).Assembly;
        var names = Modules.Append("Twilio").ToArray();
        var named = core.GetTypes().Where(t => !IsCompilerGenerated(t))
            .SelectMany(t => t.GetMembers(Everything).Where(m => !IsCompilerGenerated(m)).Select(m => $"{t.FullName}.{m.Name}").Prepend(t.FullName ?? t.Name))
            .Where(name => names.Any(m => name.Split('.', '+').Any(part => part.Contains(m, StringComparison.OrdinalIgnoreCase))))
            .Distinct()
            .ToList();
        var kinds = core.GetTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(ProviderKind))
            .Select(f => $"{f.DeclaringType?.Name}.{f.Name}")
            .ToList();

        Assert.Empty(named);
        Assert.Empty(kinds);
        Assert.False(typeof(ProviderKind).IsEnum, "A kind is a name a module declares, not a list in Core.");
    }

    [Fact]
    public void Nothing_outside_a_module_folder_names_a_module_or_branches_on_a_kind()
    {
        var moduleTypes = string.Join('|', Modules);
        var namesModule = new Regex($@"Providers\.({moduleTypes})\b|\b({moduleTypes})(Provider|Module|WebhookReader|ErrorCodes|Errors|Client|SyncJob|StatusJob|SyncRecord)\b|\bTwilioSignature\b");
        var branchesOnKind = new Regex(@"\bis\s+\w+Provider\b|new\s+ProviderKind\(\s*""|Kind\.(Name|Slug)\s*(==|!=)\s*""|Kind\s*(==|!=)\s*ProviderKind\.|case\s+ProviderKind\.");
        var offending = new List<string>();
        foreach (var file in SourceFiles("Portal.Core", "Portal.Infrastructure", "Portal.Web"))
        {
            var relative = Path.GetRelativePath(Root, file);
            if (Modules.Any(m => relative.StartsWith(Path.Combine("Portal.Infrastructure", "Providers", m) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                || relative.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            if (!AllowedToNameModules.Contains(relative) && namesModule.Match(text) is { Success: true } named)
            {
                offending.Add($"{relative} names {named.Value}");
            }

            if (branchesOnKind.Match(text) is { Success: true } branch)
            {
                offending.Add($"{relative} branches on a kind: {branch.Value}");
            }
        }

        Assert.Empty(offending);
    }

    [Fact]
    public void Every_capability_lives_in_its_modules_folder_and_matches_a_descriptor()
    {
        var infrastructure = typeof(Portal.Infrastructure.DependencyInjection).Assembly;
        var capabilities = new[] { typeof(IMessageProvider), typeof(IWebhookReader), typeof(ISendLookup) };
        var implementations = infrastructure.GetTypes().Where(t => !t.IsAbstract && capabilities.Any(c => c.IsAssignableFrom(t))).ToList();
        var catalog = Support.TestProviders.Catalog;

        Assert.NotEmpty(implementations);
        foreach (var type in implementations)
        {
            Assert.Matches(@"^Portal\.Infrastructure\.Providers\.\w+$", type.Namespace);
        }

        foreach (var reader in implementations.Where(typeof(IWebhookReader).IsAssignableFrom))
        {
            var module = reader.Namespace!.Split('.').Last();
            var descriptor = Assert.Single(catalog.All, d => d.Kind.Name == module);
            Assert.NotEmpty(descriptor.WebhookRoutes);
        }
    }

    private const System.Reflection.BindingFlags Everything = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic
        | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly;

    private static bool IsCompilerGenerated(System.Reflection.MemberInfo member) =>
        member.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false) || member.Name.Contains('<', StringComparison.Ordinal);

    private static IEnumerable<string> SourceFiles(params string[] projects) =>
        projects.SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, p), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}

using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Providers;

public sealed class ProviderAccountInput : IValidatableObject
{
    /// <summary>Required fields depend on the kind; its descriptor checks them.</summary>
    public ProviderKind Kind { get; set; }

    [Required(ErrorMessage = "Name is required.")]
    [StringLength(100)]
    public string Name { get; set; } = "";

    public Guid? DepartmentId { get; set; }

    [StringLength(500)]
    public string? BaseUrl { get; set; }

    [StringLength(100)]
    public string? AccountId { get; set; }

    [StringLength(20)]
    public string? FromNumber { get; set; }

    /// <summary>Blank keeps the stored secret.</summary>
    [StringLength(500)]
    public string? ApiToken { get; set; }

    /// <summary>Blank keeps the stored secret.</summary>
    [StringLength(500)]
    public string? SigningKey { get; set; }

    /// <summary>One <c>key=value</c> per line.</summary>
    [StringLength(2000)]
    public string? Extras { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Make this the department's default route for outbound texts.</summary>
    public bool MakeDefault { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BaseUrl) && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            yield return new ValidationResult("Enter an absolute http(s) URL.", [nameof(BaseUrl)]);
        }

        foreach (var line in ExtraLines())
        {
            if (!line.Contains('='))
            {
                yield return new ValidationResult($"'{line}' is not key=value.", [nameof(Extras)]);
            }
        }
    }

    /// <summary>The settings the provider's descriptor marks required (secrets excepted: blank keeps the stored one).</summary>
    public IEnumerable<ValidationResult> ValidateFor(ProviderDescriptor descriptor)
    {
        foreach (var setting in descriptor.Settings.Where(s => s.Required))
        {
            var (value, member) = setting.Key switch
            {
                ProviderSettingKey.BaseUrl => (BaseUrl, nameof(BaseUrl)),
                ProviderSettingKey.AccountId => (AccountId, nameof(AccountId)),
                ProviderSettingKey.FromNumber => (FromNumber, nameof(FromNumber)),
                ProviderSettingKey.Extras => (Extras, nameof(Extras)),
                _ => ("secret", ""),
            };
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new ValidationResult($"{setting.Label} is required.", [member]);
            }
        }
    }

    public Dictionary<string, string> ParseExtras() => ExtraLines()
        .Where(l => l.Contains('='))
        .Select(l => l.Split('=', 2))
        .ToDictionary(p => p[0].Trim(), p => p[1].Trim());

    private IEnumerable<string> ExtraLines() =>
        (Extras ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

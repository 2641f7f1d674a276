using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Customers;

/// <summary>Accepts an empty value or a number <see cref="PhoneNumberNormalizer"/> can turn into E.164.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PhoneNumberAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text))
        {
            return ValidationResult.Success;
        }

        // The context is null when called through IsValid(object).
        var normalizer = validationContext?.GetService(typeof(PhoneNumberNormalizer)) as PhoneNumberNormalizer ?? new PhoneNumberNormalizer();
        return normalizer.TryNormalize(text, out _)
            ? ValidationResult.Success
            : new ValidationResult(ErrorMessage ?? "Enter a valid phone number, e.g. (415) 555-0132 or +14155550132.", [validationContext?.MemberName ?? "Phone"]);
    }
}

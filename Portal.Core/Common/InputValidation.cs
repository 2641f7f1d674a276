using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Common;

public static class InputValidation
{
    /// <summary>Runs an input's data annotations (and <see cref="IValidatableObject"/>) and throws them as field errors.</summary>
    /// <exception cref="ValidationException">One or more fields are invalid.</exception>
    public static void ThrowIfInvalid(object input)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true))
        {
            return;
        }

        throw new ValidationException(results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(member => (Member: member, r.ErrorMessage)))
            .GroupBy(x => x.Member)
            .ToDictionary(g => g.Key, g => g.Select(x => x.ErrorMessage ?? "Invalid.").ToArray()));
    }
}

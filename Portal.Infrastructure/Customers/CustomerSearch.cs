using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;

namespace Portal.Infrastructure.Customers;

internal static class CustomerSearch
{
    /// <summary>Customers whose name, email, ids in other systems, vehicle of interest or phone digits contain what was typed.</summary>
    public static IQueryable<Customer> Matching(IQueryable<Customer> customers, string search)
    {
        var text = search.Trim();
        var pattern = LikePattern(text);
        var digits = PhoneNumberNormalizer.Digits(text);
        var digitPattern = digits.Length >= 3 ? $"%{digits}%" : null;

        return customers.Where(c =>
            EF.Functions.Like(c.FirstName + " " + c.LastName, pattern, "\\")
            || EF.Functions.Like(c.LastName + " " + c.FirstName, pattern, "\\")
            || (c.Email != null && EF.Functions.Like(c.Email, pattern, "\\"))
            || c.ExternalIds.Any(e => EF.Functions.Like(e.Value, pattern, "\\"))
            || (c.Lead.VehicleOfInterest != null && EF.Functions.Like(c.Lead.VehicleOfInterest, pattern, "\\"))
            || (digitPattern != null && c.Phone != null && EF.Functions.Like(c.Phone, digitPattern)));
    }

    /// <summary>A LIKE pattern for "contains", with the typed wildcards escaped (escape character: backslash).</summary>
    public static string LikePattern(string text) => $"%{EscapeLike(text.Trim())}%";

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}

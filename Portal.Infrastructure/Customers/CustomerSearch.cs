using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;

namespace Portal.Infrastructure.Customers;

internal static class CustomerSearch
{
    /// <summary>Customers whose name, email or phone digits contain what was typed.</summary>
    public static IQueryable<Customer> Matching(IQueryable<Customer> customers, string search)
    {
        var text = search.Trim();
        var pattern = $"%{EscapeLike(text)}%";
        var digits = PhoneNumberNormalizer.Digits(text);
        var digitPattern = digits.Length >= 3 ? $"%{digits}%" : null;

        return customers.Where(c =>
            EF.Functions.Like(c.FirstName + " " + c.LastName, pattern, "\\")
            || EF.Functions.Like(c.LastName + " " + c.FirstName, pattern, "\\")
            || (c.Email != null && EF.Functions.Like(c.Email, pattern, "\\"))
            || (digitPattern != null && c.Phone != null && EF.Functions.Like(c.Phone, digitPattern)));
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}

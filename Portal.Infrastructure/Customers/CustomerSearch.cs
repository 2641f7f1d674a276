using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;

namespace Portal.Infrastructure.Customers;

internal static class CustomerSearch
{
    /// <summary>Customers whose name, email, ids in other systems, vehicle of interest or phone digits contain what was typed.</summary>
    /// <param name="outside">Threads of departments outside the reader's: a customer with one is matched by name and
    /// number only, so their other fields (which that department keeps) cannot be found out by searching.</param>
    public static IQueryable<Customer> Matching(IQueryable<Customer> customers, string search, IQueryable<Core.Threads.ConversationThread>? outside = null)
    {
        var text = search.Trim();
        var pattern = LikePattern(text);
        var digits = PhoneNumberNormalizer.Digits(text);
        var digitPattern = digits.Length >= 3 ? $"%{digits}%" : null;

        // A department outside the reader's keeps the customer's other fields: such customers are found by name and number.
        var shared = outside ?? Enumerable.Empty<Core.Threads.ConversationThread>().AsQueryable();
        var sharedWithNobody = outside is null;
        return customers.Where(c =>
            EF.Functions.Like(c.FirstName + " " + c.LastName, pattern, "\\")
            || EF.Functions.Like(c.LastName + " " + c.FirstName, pattern, "\\")
            || (digitPattern != null && c.Phone != null && EF.Functions.Like(c.Phone, digitPattern))
            || ((sharedWithNobody || !shared.Any(t => t.CustomerId == c.Id))
                && ((c.Email != null && EF.Functions.Like(c.Email, pattern, "\\"))
                    || c.ExternalIds.Any(e => EF.Functions.Like(e.Value, pattern, "\\"))
                    || (c.Lead.VehicleOfInterest != null && EF.Functions.Like(c.Lead.VehicleOfInterest, pattern, "\\")))));
    }

    /// <summary>A LIKE pattern for "contains", with the typed wildcards escaped (escape character: backslash).</summary>
    public static string LikePattern(string text) => $"%{EscapeLike(text.Trim())}%";

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}

using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;

namespace Portal.Infrastructure.Customers;

internal static class CustomerSearch
{
    /// <summary>
    /// Customers who have every typed word (in any order) in their name, email, ids in other systems, tags, vehicle of
    /// interest, or (for a word with three digits or more) their number.
    /// </summary>
    /// <param name="outside">Threads of departments outside the reader's: a customer with one is matched by name and
    /// number only, so their other fields (which that department keeps) cannot be found out by searching.</param>
    public static IQueryable<Customer> Matching(IQueryable<Customer> customers, string search, IQueryable<Core.Threads.ConversationThread>? outside = null)
    {
        // A department outside the reader's keeps the customer's other fields: such customers are found by name and number.
        var shared = outside ?? Enumerable.Empty<Core.Threads.ConversationThread>().AsQueryable();
        var sharedWithNobody = outside is null;
        foreach (var word in Core.Common.SearchWords.Of(search))
        {
            var pattern = LikePattern(word);
            var digits = PhoneNumberNormalizer.Digits(word);
            var digitPattern = digits.Length >= 3 ? $"%{digits}%" : null;
            customers = customers.Where(c =>
                EF.Functions.Like(c.FirstName, pattern, "\\")
                || EF.Functions.Like(c.LastName, pattern, "\\")
                || (digitPattern != null && c.Phone != null && EF.Functions.Like(c.Phone, digitPattern))
                || ((sharedWithNobody || !shared.Any(t => t.CustomerId == c.Id))
                    && ((c.Email != null && EF.Functions.Like(c.Email, pattern, "\\"))
                        || c.ExternalIds.Any(e => EF.Functions.Like(e.Value, pattern, "\\"))
                        || c.Tags.Any(t => EF.Functions.Like(t, pattern, "\\"))
                        || (c.Lead.VehicleOfInterest != null && EF.Functions.Like(c.Lead.VehicleOfInterest, pattern, "\\")))));
        }

        return customers;
    }

    /// <summary>A LIKE pattern for "contains", with the typed wildcards escaped (escape character: backslash).</summary>
    public static string LikePattern(string text) => $"%{EscapeLike(text.Trim())}%";

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}

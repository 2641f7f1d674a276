namespace Portal.Core.Notifications;

/// <summary>A person a note names with @, and where.</summary>
public sealed record Mention(Guid UserId, string Name, int Index);

/// <summary>
/// Finds <c>@Full Name</c> and <c>@First</c> in a note. An @ counts at the start or after a space (so an email address
/// is not a mention); the longest name that follows wins ("@Ana Lee" over "@Ana"); a first name alone counts only when
/// one person has it.
/// </summary>
public static class Mentions
{
    public static IReadOnlyList<Mention> Find(string text, IReadOnlyList<(Guid Id, string Name)> people)
    {
        var found = new List<Mention>();
        for (var at = text.IndexOf('@'); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (at > 0 && !char.IsWhiteSpace(text[at - 1]) && text[at - 1] is not ('(' or '"'))
            {
                continue;
            }

            var rest = text.AsSpan(at + 1);
            (Guid Id, string Name)? best = null;
            var length = 0;
            foreach (var person in people)
            {
                foreach (var form in Forms(person.Name, people))
                {
                    if (form.Length > length && rest.StartsWith(form, StringComparison.OrdinalIgnoreCase) && EndsWord(rest, form.Length))
                    {
                        (best, length) = (person, form.Length);
                    }
                }
            }

            if (best is { } who && found.All(m => m.UserId != who.Id))
            {
                found.Add(new Mention(who.Id, who.Name, at));
            }
        }

        return found;
    }

    private static IEnumerable<string> Forms(string name, IReadOnlyList<(Guid Id, string Name)> people)
    {
        yield return name;
        var first = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is not null && first.Length < name.Length
            && people.Count(p => string.Equals(p.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), first, StringComparison.OrdinalIgnoreCase)) == 1)
        {
            yield return first;
        }
    }

    private static bool EndsWord(ReadOnlySpan<char> rest, int length) => rest.Length == length || !char.IsLetterOrDigit(rest[length]);
}

using System.Text;
using Harness.Model;

namespace Harness.Targets.Endpoints;

/// <summary>
/// Finds the table a path word names: <c>{siteId}</c> -> <c>sites</c>, <c>{signInId}</c> -> <c>sign_ins</c>, <c>/documents</c>
/// -> <c>contractor_documents</c> (a unique <c>_documents</c> suffix), <c>{id}</c> under <c>/sites/</c> -> <c>sites</c>.
/// </summary>
public static class TableMatcher
{
    /// <summary>The word a parameter names: <c>siteId</c> -> <c>site</c>; <c>id</c> -> the literal segment before it.</summary>
    public static string? WordOf(string parameter, string path)
    {
        var stripped = parameter;
        foreach (var suffix in new[] { "_id", "Id", "ID", "_uuid", "Uuid", "_key", "Key", "_slug", "Slug" })
        {
            if (stripped.Length > suffix.Length && stripped.EndsWith(suffix, StringComparison.Ordinal))
            {
                stripped = stripped[..^suffix.Length];
                break;
            }
        }

        if (!stripped.Equals("id", StringComparison.OrdinalIgnoreCase) && !stripped.Equals("uuid", StringComparison.OrdinalIgnoreCase))
        {
            return stripped;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.FindIndex(segments, s => s.StartsWith('{') && Endpoint.ParameterNames(s).Contains(parameter));
        return index > 0 && !segments[index - 1].StartsWith('{') ? segments[index - 1] : null;
    }

    /// <summary>The one table of <paramref name="tables"/> the word names, or null (none, or more than one).</summary>
    public static TableName? Match(string word, IEnumerable<TableName> tables)
    {
        var names = tables.ToList();
        var snake = Snake(word);
        var candidates = new List<string> { snake, snake + "s", snake + "es" };
        if (snake.EndsWith('y'))
        {
            candidates.Add(snake[..^1] + "ies");
        }

        if (snake.EndsWith('s'))
        {
            candidates.Add(snake[..^1]);
        }

        foreach (var candidate in candidates)
        {
            if (names.FirstOrDefault(t => t.Value == candidate) is { Value: not null } exact)
            {
                return exact;
            }
        }

        var suffixed = names.Where(t => candidates.Any(c => t.Value.EndsWith("_" + c, StringComparison.Ordinal))).Distinct().ToList();
        return suffixed.Count == 1 ? suffixed[0] : null;
    }

    /// <summary><c>signIns</c>, <c>sign-ins</c>, <c>SignIns</c> -> <c>sign_ins</c>; a file extension is dropped.</summary>
    public static string Snake(string word)
    {
        var text = word.Contains('.', StringComparison.Ordinal) ? word[..word.IndexOf('.', StringComparison.Ordinal)] : word;
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsUpper(c) && i > 0 && text[i - 1] != '_' && text[i - 1] != '-')
            {
                builder.Append('_');
            }

            builder.Append(c == '-' ? '_' : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}

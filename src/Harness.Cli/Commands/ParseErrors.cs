using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Harness.Errors;

namespace Harness.Cli.Commands;

/// <summary>
/// Command-line mistakes (a value of the wrong form, an unknown command or option, a missing value) as users read them:
/// <c>error: ...</c> with what is valid, never a .NET type name, and exit 2, "the harness could not run", so a typo in CI
/// never reads as exit 1, "findings".
/// </summary>
internal static partial class ParseErrors
{
    public const int ExitCode = 2;

    /// <summary>Writes every error of <paramref name="parsed"/> and returns the exit code, or null when there is none.</summary>
    public static int? Report(ParseResult parsed, TextWriter error) => Report(parsed, [], error);

    /// <summary>
    /// Writes every error of <paramref name="parsed"/> and every one of <paramref name="more"/> (already said for users, such as
    /// an environment variable's refused value) and returns the exit code, or null when there is none.
    /// </summary>
    public static int? Report(ParseResult parsed, IReadOnlyList<string> more, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(more);
        ArgumentNullException.ThrowIfNull(error);
        if (parsed.Errors.Count == 0 && more.Count == 0)
        {
            return null;
        }

        var messages = UnknownCommand(parsed) is { } unknown ? [unknown] : parsed.Errors.Select(e => Describe(e.Message));
        foreach (var message in messages.Concat(more).Distinct(StringComparer.Ordinal))
        {
            error.WriteLine($"error: {message}");
        }

        error.WriteLine($"see: harness {string.Join(' ', CommandPath(parsed.CommandResult))} --help".Replace("  ", " ", StringComparison.Ordinal).TrimEnd());
        return ExitCode;
    }

    /// <summary>The parser's message with the .NET type it expected said as the kind of value to give.</summary>
    public static string Describe(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = CannotParse().Match(message);
        if (!match.Success)
        {
            return message.TrimEnd('.');
        }

        var (value, option, type) = (match.Groups["value"].Value, match.Groups["option"].Value, match.Groups["type"].Value);
        var rest = message[match.Length..].Trim();
        var expected = type switch
        {
            _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ when rest.Length > 0 => "one of",
            _ => "a value of the form its --help shows",
        };
        var suggestions = rest.Length == 0 ? "" : " " + string.Join(", ", rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1));
        return $"'{value}' is not a valid value for {option}: give {expected}{(suggestions.Trim().Length > 0 ? suggestions : "")}";
    }

    /// <summary>
    /// A first word that names no command (<c>harness runn</c>) as one mistake with the commands there are and the closest,
    /// instead of the parser's two ("Required command was not provided", "Unrecognized command or argument").
    /// </summary>
    private static string? UnknownCommand(ParseResult parsed)
    {
        if (parsed.CommandResult.Command is not RootCommand root
            || parsed.UnmatchedTokens.Count == 0
            || parsed.UnmatchedTokens[0].StartsWith('-'))
        {
            return null;
        }

        var word = parsed.UnmatchedTokens[0];

        var names = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var closest = names.Where(n => TextDistance.Levenshtein(n.ToUpperInvariant(), word.ToUpperInvariant()) <= 2 || n.StartsWith(word, StringComparison.OrdinalIgnoreCase)).ToList();
        return $"unknown command '{word}'{(closest.Count > 0 ? $" (did you mean {string.Join(" or ", closest)}?)" : "")}; the commands are {string.Join(", ", names)}";
    }

    private static IEnumerable<string> CommandPath(CommandResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null && current.Parent is CommandResult; current = current.Parent as CommandResult)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>[^']*)' for (option|command|argument) '(?<option>[^']*)' as expected type '(?<type>[^']*)'\.", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CannotParse();
}

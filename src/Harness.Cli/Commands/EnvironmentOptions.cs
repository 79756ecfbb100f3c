using System.CommandLine;
using System.CommandLine.Help;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>HARNESS_*</c> environment variables for the options of the commands that take them: <c>--tenants</c> is
/// <c>HARNESS_TENANTS</c>, <c>--fail-on</c> <c>HARNESS_FAIL_ON</c>. The command line wins over the environment, the
/// environment over the default. A variable's value goes through the option's own parser, so it is checked as strictly as
/// the option; a value the parser refuses is a usage error that names the variable.
/// </summary>
internal static class EnvironmentOptions
{
    /// <summary>The prefix of every variable.</summary>
    public const string Prefix = "HARNESS_";

    /// <summary>The result of <see cref="Parse"/>: the parse with the environment's values applied, and the variables it refused.</summary>
    public sealed record Outcome(ParseResult Parsed, IReadOnlyList<string> Errors);

    /// <summary>The variable an option reads: <c>--fail-on</c> is <c>HARNESS_FAIL_ON</c>.</summary>
    public static string VariableOf(Option option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return Prefix + option.Name.TrimStart('-').Replace('-', '_').ToUpperInvariant();
    }

    /// <summary>The options of <paramref name="command"/> that a variable can set: its own and the recursive ones of its parents, never help or version.</summary>
    public static IReadOnlyList<Option> OptionsOf(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var inherited = command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive));
        return [.. command.Options.Concat(inherited).Where(o => o is not HelpOption and not VersionOption).Distinct()];
    }

    /// <summary>Adds <c>(env: HARNESS_X)</c> to the help of every option of <paramref name="commands"/>, so <c>--help</c> tells the variables.</summary>
    public static void Describe(IEnumerable<Command> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        foreach (var option in commands.SelectMany(OptionsOf).Distinct())
        {
            var note = $"(env: {VariableOf(option)})";
            if (option.Description?.Contains(note, StringComparison.Ordinal) != true)
            {
                option.Description = $"{option.Description} {note}".TrimStart();
            }
        }
    }

    /// <summary>
    /// Parses <paramref name="args"/> and, when the command parsed is one of <paramref name="commands"/>, adds the value of each
    /// set variable whose option the command line does not give. A command line the parser refuses is returned as it is (its
    /// own errors come first), and so is a request for help.
    /// </summary>
    /// <param name="variable">Reads a variable (the process's environment; a dictionary in tests).</param>
    public static Outcome Parse(RootCommand root, IReadOnlyList<string> args, IReadOnlyCollection<Command> commands, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(variable);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 || parsed.Action is HelpAction || !commands.Contains(parsed.CommandResult.Command))
        {
            return new Outcome(parsed, []);
        }

        var added = new List<string>();
        var errors = new List<string>();
        foreach (var option in OptionsOf(parsed.CommandResult.Command))
        {
            var name = VariableOf(option);
            if (variable(name) is not { Length: > 0 } value || parsed.GetResult(option) is { Implicit: false })
            {
                continue;
            }

            if (option.ValueType == typeof(bool) && Flag(value) is null)
            {
                errors.Add($"{name}='{value}' is not a valid value for {option.Name}: give true or false (or 1/0, yes/no, on/off)");
                continue;
            }

            var tokens = TokensFor(option, value);
            var trial = root.Parse(Insert(args, tokens));
            if (trial.Errors.Count > 0)
            {
                var message = ParseErrors.Describe(trial.Errors[0].Message);
                errors.Add(message.StartsWith('\'') ? $"{name}={message}" : $"{name}='{value}': {message}");
                continue;
            }

            added.AddRange(tokens);
        }

        return new Outcome(added.Count == 0 || errors.Count > 0 ? parsed : root.Parse(Insert(args, added)), errors);
    }

    /// <summary>The command-line tokens that give <paramref name="value"/> to <paramref name="option"/>.</summary>
    private static List<string> TokensFor(Option option, string value)
    {
        if (option.ValueType == typeof(bool))
        {
            return [option.Name, Flag(value)!];
        }

        if (option.ValueType.IsArray)
        {
            // A list: comma-separated in the variable, one option per item on the command line.
            return [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(v => new[] { option.Name, v })];
        }

        return [option.Name, value];
    }

    /// <summary>A flag's value as the parser takes it: true/false, and 1/0, yes/no, on/off as environment variables often say it; null for anything else.</summary>
    private static string? Flag(string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "yes" or "on" or "true" => "true",
        "0" or "no" or "off" or "false" => "false",
        _ => null,
    };

    /// <summary>The arguments with <paramref name="tokens"/> added before a <c>--</c> (after which every token is an argument).</summary>
    private static string[] Insert(IReadOnlyList<string> args, IReadOnlyList<string> tokens)
    {
        var end = args.ToList().IndexOf("--");
        return end < 0 ? [.. args, .. tokens] : [.. args.Take(end), .. tokens, .. args.Skip(end)];
    }
}

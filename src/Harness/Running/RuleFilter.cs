using Harness.Errors;
using Harness.Findings;

namespace Harness.Running;

/// <summary>
/// Which rules a run reports (<c>--rules</c>, <c>--skip-rules</c>): comma-separated rule ids, or prefixes ending in <c>*</c>
/// (<c>AUD00*</c>), matched without regard to case. A check of a rule left out is kept as skipped (never passed) with no
/// finding; a finding of a rule left out is dropped. <see cref="All"/> leaves every rule in.
/// </summary>
public sealed class RuleFilter
{
    private const string RulesOption = "--rules";
    private const string SkipOption = "--skip-rules";

    private RuleFilter(IReadOnlyList<string> rules, IReadOnlyList<string> skipped)
    {
        Rules = rules;
        SkipRules = skipped;
    }

    /// <summary>Every rule is reported.</summary>
    public static RuleFilter All { get; } = new([], []);

    /// <summary>The patterns a rule must match to be reported; none means every rule.</summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>The patterns of rules that are not reported, even when <see cref="Rules"/> names them.</summary>
    public IReadOnlyList<string> SkipRules { get; }

    /// <summary>It leaves every rule in.</summary>
    public bool IsAll => Rules.Count == 0 && SkipRules.Count == 0;

    /// <summary>The filter of <c>--rules</c> and <c>--skip-rules</c>, each comma-separated (null or empty: no such filter).</summary>
    /// <exception cref="UsageException">A pattern is empty apart from its <c>*</c>, or has a <c>*</c> not at its end.</exception>
    public static RuleFilter Parse(string? rules, string? skipRules) => new(Split(rules, RulesOption), Split(skipRules, SkipOption));

    /// <summary>Whether findings and checks of <paramref name="rule"/> are reported.</summary>
    public bool Selects(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return (Rules.Count == 0 || Rules.Any(p => Matches(p, rule.Id))) && !SkipRules.Any(p => Matches(p, rule.Id));
    }

    /// <summary>
    /// Refuses a pattern that matches none of <paramref name="known"/> (the rules of the scenarios that run), with the ids
    /// closest to it, so a typo never silently filters everything out.
    /// </summary>
    /// <exception cref="UsageException">A pattern matches no known rule.</exception>
    public void Validate(IEnumerable<Rule> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var ids = known.Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        foreach (var (option, patterns) in new[] { (RulesOption, Rules), (SkipOption, SkipRules) })
        {
            foreach (var pattern in patterns.Where(p => !ids.Any(id => Matches(p, id))))
            {
                var close = RuleNames.Closest(pattern.TrimEnd('*'), ids);
                throw new UsageException(
                    $"{option}: no rule of the scenarios that run is '{pattern}'; " +
                    (close.Count > 0 ? $"did you mean {string.Join(", ", close)}? " : "") +
                    $"their rules: {RuleNames.Summarize(ids)}")
                {
                    Option = option,
                };
            }
        }
    }

    /// <summary>
    /// The scenario's result with the checks of rules left out marked skipped and stripped of findings, and findings of rules
    /// left out dropped from the checks that stay.
    /// </summary>
    public ScenarioResult Apply(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (IsAll)
        {
            return result;
        }

        var reason = $"rule left out by {Describe()}";
        return result with
        {
            Checks = [.. result.Checks.Select(check => Selects(check.Rule)
                ? check.Findings.All(f => Selects(f.Rule)) ? check : check with { Findings = [.. check.Findings.Where(f => Selects(f.Rule))] }
                : check with { Findings = [], Skipped = reason })],
        };
    }

    /// <summary>The filter as the command line gives it, e.g. <c>--rules AUD001 --skip-rules AUD00*</c>.</summary>
    public string Describe() => string.Join(' ', new[]
    {
        Rules.Count > 0 ? $"{RulesOption} {string.Join(',', Rules)}" : null,
        SkipRules.Count > 0 ? $"{SkipOption} {string.Join(',', SkipRules)}" : null,
    }.OfType<string>());

    private static bool Matches(string pattern, string id) => pattern.EndsWith('*')
        ? id.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
        : id.Equals(pattern, StringComparison.OrdinalIgnoreCase);

    private static List<string> Split(string? text, string option)
    {
        var patterns = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var pattern in patterns)
        {
            if (pattern == "*" || pattern.TrimEnd('*').Contains('*', StringComparison.Ordinal) || pattern.EndsWith("**", StringComparison.Ordinal))
            {
                throw new UsageException(
                    $"{option} '{pattern}': give rule ids (AUD001) or a prefix with one * at its end (AUD00*), separated by commas")
                {
                    Option = option,
                };
            }
        }

        return patterns;
    }
}

using System.CommandLine;
using Harness.Findings;
using Harness.Running;

namespace Harness.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<bool> Diagnostics { get; } = new("--diagnostics")
    {
        Description = "Print stack traces and inner errors when the harness cannot run.",
        Recursive = true,
    };

    public static Option<string> Reports() => new("--reports")
    {
        Description = "Folder that receives a sub-folder of reports per run.",
        DefaultValueFactory = _ => "reports",
    };

    public static Option<Severity> FailOn() => new("--fail-on")
    {
        Description = "Lowest severity that fails the gate (exit 1): info, low, medium, high, critical.",
        DefaultValueFactory = _ => Severity.Low,
    };

    public static Option<string?> Rules() => new("--rules")
    {
        Description = "Report only these rules: comma-separated ids, or prefixes ending in * (e.g. AUD001,RLS*); the other checks are listed as skipped.",
    };

    public static Option<string?> SkipRules() => new("--skip-rules")
    {
        Description = "Do not report these rules: comma-separated ids, or prefixes ending in *; their checks are listed as skipped.",
    };

    public static Option<bool> Plain() => new("--plain")
    {
        Description = "Plain progress lines and no colour, also on a terminal (as when the output is redirected or NO_COLOR is set).",
    };

    /// <summary>The rule filter of <paramref name="rules"/> and <paramref name="skipRules"/> as parsed.</summary>
    public static RuleFilter RuleFilterOf(ParseResult result, Option<string?> rules, Option<string?> skipRules) =>
        RuleFilter.Parse(result.GetValue(rules), result.GetValue(skipRules));
}

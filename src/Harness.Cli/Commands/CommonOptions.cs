using System.CommandLine;
using Harness.Findings;

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
}

using Harness.Errors;
using Harness.Findings;

namespace Harness.Runner;

/// <summary>
/// Options of one <c>harness run</c>; defaults are what the README's main command uses. Each value is checked when it is
/// set, so options out of range never reach a run: setting one throws a <see cref="UsageException"/> that names the
/// option (as the command line spells it) and its valid range.
/// </summary>
public sealed record RunOptions
{
    /// <summary>The most worker schemas one run creates.</summary>
    public const int MaxWorkers = 64;

    public required string ManifestPath { get; init; }

    /// <summary>auto | local | testcontainers | a connection string.</summary>
    public string Postgres { get; init; } = "auto";

    /// <summary>Overrides the manifest's seed.tenants when set: at least 2, an attacker and a victim.</summary>
    public int? Tenants
    {
        get;
        init => field = value is null or >= 2
            ? value
            : throw Refused("--tenants", "--tenants takes 2 or more: isolation needs an attacker and a victim");
    }

    /// <summary>The seed every random choice flows from; any value.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Worker schemas, each migrated and seeded: 1 to <see cref="MaxWorkers"/>.</summary>
    public int Workers
    {
        get;
        init => field = value is >= 1 and <= MaxWorkers ? value : throw Refused("--workers", $"--workers takes 1 to {MaxWorkers}");
    } = 1;

    /// <summary>The families to run by id, or <c>["all"]</c>; at least one, none empty.</summary>
    public IReadOnlyList<string> Scenarios
    {
        get;
        init => field = value switch
        {
            null or [] => throw Refused("--scenarios", "--scenarios names no scenario; give one or more ids separated by commas, or all"),
            _ when value.Any(string.IsNullOrWhiteSpace) => throw Refused(
                "--scenarios", $"--scenarios '{string.Join(',', value)}' has an empty id; separate the ids with single commas, e.g. audit,rls"),
            _ => value,
        };
    } = ["audit"];

    /// <summary>The families <see cref="Scenarios"/> may name (default the built-in ones); add your own with <see cref="ScenarioRegistry.Add"/>.</summary>
    public ScenarioRegistry Families { get; init; } = ScenarioRegistry.Default;

    /// <summary>The folder that receives a sub-folder of reports per run; not empty.</summary>
    public string ReportsRoot
    {
        get;
        init => field = !string.IsNullOrWhiteSpace(value)
            ? value
            : throw Refused("--reports", "--reports names no folder; give the folder that receives the reports, e.g. reports");
    } = "reports";

    public Severity FailOn { get; init; } = Severity.Low;

    /// <summary>
    /// The rules reported (<c>--rules</c>, <c>--skip-rules</c>); checked against the rules of the scenarios that run before
    /// anything is provisioned. Checks of rules left out are reported as skipped. Default: every rule.
    /// </summary>
    public Harness.Running.RuleFilter Rules { get; init; } = Harness.Running.RuleFilter.All;

    /// <summary>Keep the worker schemas (and so the data) after the run, for inspection.</summary>
    public bool Keep { get; init; }

    /// <summary>
    /// A baseline file (<c>--baseline</c>, see <see cref="BaselineFile"/>): the findings it lists are reported as suppressed and
    /// left out of the verdict; null for none. It is read before anything is provisioned, so a bad file stops the run at once.
    /// </summary>
    public string? BaselinePath { get; init; }

    /// <summary>How old another run's worker schema must be for this run to drop it as left by a crash; above zero.</summary>
    public TimeSpan StaleSchemaTtl
    {
        get;
        init => field = value > TimeSpan.Zero
            ? value
            : throw Refused(nameof(StaleSchemaTtl), $"{nameof(StaleSchemaTtl)} must be above zero: worker schemas of crashed runs older than it are dropped");
    } = Harness.Workers.StaleSchemaCollector.DefaultTimeToLive;

    /// <summary>
    /// Receives the seeder's progress (<c>seeded N rows</c> each time a connection finishes loading a table), to show how far
    /// seeding is or to act on it; null (the default) to leave it out of the run's progress.
    /// </summary>
    public IProgress<string>? SeedProgress { get; init; }

    /// <summary>
    /// This run's slice of the target probes (<c>--shard i/n</c>): target scenarios run the probes whose stable id hashes to it,
    /// and the other scenarios run only in shard 1, so the shards' reports merge (<c>harness report merge</c>) into one run.
    /// </summary>
    public Harness.Running.Shard Shard { get; init; } = Harness.Running.Shard.All;

    /// <summary>Starts the app instead of the manifest's <c>target</c> section (e.g. in-process in a test); null to use the manifest.</summary>
    public Harness.Targets.ITargetHost? TargetHost { get; init; }

    /// <summary>Acts as seeded users instead of the manifest's <c>credentials</c> section; null to use the manifest.</summary>
    public Harness.Targets.Credentials.ICredentialStrategy? Credentials { get; init; }

    /// <summary>
    /// Per-run changes to families' options after the manifest is read, by family id (e.g. <c>harness soak --duration</c>):
    /// each function gets the options the manifest gave the family (null when its section is absent) and returns the options
    /// it runs with. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, Func<object?, object?>> OptionOverrides { get; init; } = new Dictionary<string, Func<object?, object?>>();

    /// <summary>
    /// When cancelled, families that measure over time (a soak) stop early and the run still judges and reports what they
    /// measured (<see cref="Harness.Running.ScenarioContext.StopRequested"/>); unlike the run's cancellation token, which
    /// leaves no report. None by default.
    /// </summary>
    public CancellationToken Stop { get; init; }

    private static UsageException Refused(string option, string message) => new(message) { Option = option };
}

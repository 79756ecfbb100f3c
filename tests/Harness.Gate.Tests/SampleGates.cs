using Harness.AspNetCore;
using Harness.Xunit;

[assembly: AssemblyFixture(typeof(Harness.Gate.Tests.SampleGate))]
[assembly: AssemblyFixture(typeof(Harness.Gate.Tests.FlawedSampleGate))]
[assembly: AssemblyFixture(typeof(Harness.Gate.Tests.MisconfiguredGate))]
[assembly: AssemblyFixture(typeof(Harness.Gate.Tests.OwnFamilyGate))]
[assembly: AssemblyFixture(typeof(Harness.Gate.Tests.InvalidOptionsGate))]

namespace Harness.Gate.Tests;

/// <summary>The clean sample app, in-process, with its own manifest: every check must pass.</summary>
public sealed class SampleGate : IsolationGate<Program>
{
    // Relative, as a user writes it: the sample's project copies harness.yaml, migrate.sh and its migrations to the output.
    protected override string ManifestPath => "harness.yaml";

    protected override int? Tenants => 4;

    // The manifest switches the sample's rate limits on for the app it starts as a process (target.environment); in-process
    // the same switch is a setting, so the quota family checks real limits here too.
    protected override WebApplicationTargetOptions TargetOptions => new()
    {
        Settings = new Dictionary<string, string> { ["RateLimits:Enabled"] = "true" },
    };

    // The manifest's chaos section runs 15 s of faults; a gate in every build runs a shorter schedule.
    protected override Harness.Runner.RunOptions CreateRunOptions() => base.CreateRunOptions() with
    {
        OptionOverrides = new Dictionary<string, Func<object?, object?>>
        {
            ["chaos"] = read => (read as Harness.Scenarios.Chaos.ChaosOptions ?? new()) with { Duration = TimeSpan.FromSeconds(5), Tenants = 4, Flood = 8 },
        },
    };
}

/// <summary>
/// The sample with an app-level flaw switched on (GET /sites/{siteId} reads without the tenant filter): the gate must
/// find it. Its checks are inspected by a fact, never run as theory cases, so the planted flaw cannot fail CI.
/// </summary>
public sealed class FlawedSampleGate : IsolationGate<Program>
{
    public const string Flaw = SampleTarget.Configuration.Flaws.ReadWithoutTenant;

    protected override string ManifestPath => SamplePaths.Manifest;

    protected override int? Tenants => 4;

    // The flaw lives in the app only; the database (and so audit and rls) stays clean.
    protected override IReadOnlyList<string> Scenarios => ["idor"];

    protected override WebApplicationTargetOptions TargetOptions => new()
    {
        Settings = new Dictionary<string, string> { [SampleTarget.Configuration.Flaws.ConfigKey] = Flaw },
    };
}

/// <summary>A gate whose manifest does not exist: it must not throw at start-up, and must rethrow the real cause in each test that reads it.</summary>
public sealed class MisconfiguredGate : IsolationGate<Program>
{
    public static string MissingManifest => Path.Combine(AppContext.BaseDirectory, "no-such-dir", "harness.yaml");

    protected override string ManifestPath => MissingManifest;
}

/// <summary>A gate whose run options are out of range (no worker): refused, as on the command line, before any work.</summary>
public sealed class InvalidOptionsGate : IsolationGate<Program>
{
    protected override string ManifestPath => SamplePaths.Manifest;

    protected override Harness.Runner.RunOptions CreateRunOptions() => base.CreateRunOptions() with { Workers = 0 };
}

/// <summary>The sample's manifest in the repository, found by walking up from the test binaries.</summary>
internal static class SamplePaths
{
    public static string Manifest { get; } = Find(Path.Combine("fixtures", "SampleTarget", "harness.yaml"));

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}

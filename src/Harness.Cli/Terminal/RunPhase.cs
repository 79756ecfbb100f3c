using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Cli.Terminal;

/// <summary>
/// The phase of a run told by its progress lines, for the live status line: provisioning, migrating, seeding (rows so far),
/// then the scenarios (how many are done, and the latest step of the running ones). A line it does not recognise keeps the
/// phase and shows as the latest step.
/// </summary>
internal sealed partial class RunPhase
{
    private readonly HashSet<string> scenarios = new(StringComparer.Ordinal);
    private readonly HashSet<string> done = new(StringComparer.Ordinal);
    private string phase = "starting";
    private string? tenants;
    private string? latest;

    /// <summary>The status line: the phase, and the latest step when there is one.</summary>
    public string Text => latest is null ? phase : $"{phase} · {latest}";

    /// <summary>Moves the phase on by one progress line.</summary>
    public void Observe(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        latest = null;
        if (RunLine().Match(line) is { Success: true } run)
        {
            tenants = run.Groups["tenants"].Value;
            scenarios.UnionWith(run.Groups["scenarios"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries));
            phase = "provisioning PostgreSQL";
        }
        else if (line.StartsWith("postgres: ", StringComparison.Ordinal))
        {
            phase = scenarios.Count == 0 ? "provisioning PostgreSQL" : "migrating";
        }
        else if (MigratedLine().IsMatch(line))
        {
            phase = $"seeding {tenants ?? "the"} tenants";
        }
        else if (SeededRowsLine().Match(line) is { Success: true } rows)
        {
            phase = $"seeding {tenants ?? "the"} tenants: {rows.Groups["rows"].Value} rows";
        }
        else if (line.StartsWith("seeded ", StringComparison.Ordinal))
        {
            phase = Scenarios();
        }
        else if (ScenarioLine().Match(line) is { Success: true } step && scenarios.Contains(step.Groups["id"].Value))
        {
            var id = step.Groups["id"].Value;
            var rest = step.Groups["rest"].Value;
            if (ScenarioDone().IsMatch(rest) || rest.StartsWith("could not run", StringComparison.Ordinal))
            {
                done.Add(id);
                phase = Scenarios();
                latest = line;
            }
            else
            {
                latest = line;
            }
        }
        else
        {
            latest = line;
        }
    }

    private string Scenarios() => string.Create(CultureInfo.InvariantCulture,
        $"scenarios: {done.Count}/{scenarios.Count} done{(scenarios.Count > done.Count ? $", running {string.Join(", ", scenarios.Except(done).Order(StringComparer.Ordinal))}" : "")}");

    [GeneratedRegex(@"^run \S+: .*?, (?<tenants>\d+) tenants, scenarios (?<scenarios>\S+)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RunLine();

    [GeneratedRegex(@"^worker \d+: migrations applied", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MigratedLine();

    [GeneratedRegex(@"^seeded (?<rows>[\d,.]+) rows$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SeededRowsLine();

    [GeneratedRegex(@"^(?<id>[a-z][a-z0-9_-]*): (?<rest>.*)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ScenarioLine();

    [GeneratedRegex(@"^\d+ checks, \d+ probes, \d+ findings", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ScenarioDone();
}

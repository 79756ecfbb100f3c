using System.Globalization;
using System.Text.Json;
using Harness.Reporting.Json;
using Harness.Running;

namespace Harness.Reporting;

/// <summary>
/// Joins the <c>report.json</c> of the shards of one run (<c>--shard i/n</c> on n CI runners) into one report: per scenario and
/// check (rule, subject) the probes are summed and the findings joined, and every shard's metrics and series are kept;
/// the run is the first report's, its duration the longest shard's; the shards' artifacts are left to the caller. Reports of different targets, seeds or tenant counts are refused.
/// </summary>
public static class ReportMerge
{
    public static async Task<RunReport> MergeFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("report merge needs at least one report.json");
        }

        var reports = new List<(string Path, RunReport Report)>();
        foreach (var path in paths)
        {
            reports.Add((path, await LoadAsync(path, cancellationToken)));
        }

        var first = reports[0];
        foreach (var (path, report) in reports.Skip(1))
        {
            if (report.Target != first.Report.Target || report.Seed != first.Report.Seed || report.Tenants != first.Report.Tenants)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{path} is a run of {report.Target} (seed {report.Seed}, {report.Tenants} tenants) but {first.Path} of {first.Report.Target} (seed {first.Report.Seed}, {first.Report.Tenants} tenants); merge only the shards of one run"));
            }
        }

        return Merge([.. reports.Select(r => r.Report)]);
    }

    public static RunReport Merge(IReadOnlyList<RunReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var first = reports[0];
        var scenarios = new List<ScenarioResult>();
        foreach (var id in reports.SelectMany(r => r.Scenarios).Select(s => s.ScenarioId).Distinct(StringComparer.Ordinal))
        {
            var parts = reports.SelectMany(r => r.Scenarios).Where(s => s.ScenarioId == id).ToList();
            var checks = parts.SelectMany(s => s.Checks)
                .GroupBy(c => (c.Rule.Id, c.Subject))
                .Select(g => new CheckResult(g.First().Rule, g.Key.Subject, [.. g.SelectMany(c => c.Findings)], g.Sum(c => c.Probes))
                {
                    // A check some shard judged is covered; one no shard could judge keeps the first shard's reason.
                    NotCovered = g.All(c => !c.Covered) ? g.First().NotCovered : null,
                    Skipped = g.All(c => c.Skipped is not null) ? g.First().Skipped : null,
                    ProbedPairs = [.. g.SelectMany(c => c.ProbedPairs).Distinct()],
                })
                .ToList();
            // A shard whose part could not run to its end leaves the merged scenario incomplete too: say which shard's reason.
            var errors = parts.Select(s => s.Error).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            // Figures such as percentiles cannot be added up across shards: each shard's metrics and series are kept side by side.
            scenarios.Add(new ScenarioResult(id, checks, parts.Max(s => s.Duration))
            {
                Error = errors.Count == 0 ? null : string.Join("; ", errors),
                Metrics = [.. parts.SelectMany(s => s.Metrics)],
                Series = [.. parts.SelectMany(s => s.Series)],
            });
        }

        return first with
        {
            StartedAt = reports.Min(r => r.StartedAt),
            Duration = reports.Max(r => r.Duration),
            Scenarios = scenarios,
            // The shards' files stay in their folders; the caller that has them merges what can be merged (harness report
            // merge adds the HdrHistogram logs) and hands the result as the merged scenarios' artifacts.
            ListedArtifacts = [],
        };
    }

    /// <summary>Reads a report.json written by <see cref="JsonReportWriter"/> (with its per-check detail) back into a run report.</summary>
    public static async Task<RunReport> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{path} does not exist; pass the report.json of each shard");
        }

        await using var stream = File.OpenRead(path);
        ReportDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync(stream, ReportJsonContext.Default.ReportDocument, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path} is not a harness report.json ({e.Message})", e);
        }

        if (document is null)
        {
            throw new ArgumentException($"{path} is not a harness report.json (it holds null)");
        }

        if (document.SchemaVersion != ReportDocument.CurrentSchemaVersion)
        {
            throw new ArgumentException($"{path} has report schema version {document.SchemaVersion}; this harness reads version {ReportDocument.CurrentSchemaVersion}");
        }

        try
        {
            return document.ToReport();
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", e);
        }
    }
}

using System.Globalization;

namespace Harness.Bench.Snapshot;

/// <summary>The rounds of the snapshot benchmark and their summary (medians).</summary>
internal sealed class SnapshotBenchResult
{
    private const double GoalSeconds = 2.0;

    private readonly List<(TimeSpan Read, TimeSpan Diff, TimeSpan Psql, TimeSpan Catalog, TimeSpan Canaries)> rounds = [];

    public required string ReferenceSql { get; init; }

    public int Digests { get; set; }

    public int CatalogObjects { get; set; }

    public int Canaries { get; set; }

    public void Add(TimeSpan read, TimeSpan diff, TimeSpan psql, TimeSpan catalog, TimeSpan canaries) =>
        rounds.Add((read, diff, psql, catalog, canaries));

    public void Print(TextWriter output, int tenants, int rows, int repeat)
    {
        var read = Median(r => r.Read);
        var diff = Median(r => r.Diff);
        var step = Median(r => r.Read + r.Diff);
        var psql = Median(r => r.Psql);
        var catalog = Median(r => r.Catalog);
        var canaries = Median(r => r.Canaries);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"snapshot of one migration step, {tenants:N0} tenants, {rows:N0} rows in 3 tenant tables (+ the tenants table), medians of {repeat} rounds"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  harness   SnapshotReader.ReadAsync {read.TotalSeconds:0.000} s + SnapshotDiff.Between {diff.TotalMilliseconds:0.0} ms = {step.TotalSeconds:0.000} s "
            + $"({Digests:N0} tenant digests, {CatalogObjects:N0} tables/columns/privileges) -> {(step.TotalSeconds <= GoalSeconds ? "meets" : "MISSES")} the {GoalSeconds:0.0} s goal"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  psql -c   the same digest statements in one REPEATABLE READ transaction (process start included) {psql.TotalSeconds:0.000} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratio     harness step / psql = {step.TotalSeconds / psql.TotalSeconds:0.00}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  catalog only (no data)                 {catalog.TotalSeconds:0.000} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  with {Canaries:N0} canaries located too    {canaries.TotalSeconds:0.000} s (a text scan of every table on top of the digests; psql has no equal)"));
        output.WriteLine("  reference statement:");
        foreach (var line in ReferenceSql.Split('\n'))
        {
            output.WriteLine("    " + line);
        }
    }

    private TimeSpan Median(Func<(TimeSpan Read, TimeSpan Diff, TimeSpan Psql, TimeSpan Catalog, TimeSpan Canaries), TimeSpan> pick)
    {
        var sorted = rounds.Select(pick).Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2];
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Harness.Bench.Load;
using Harness.Model;
using Harness.Probing;
using Harness.Provisioning;
using Harness.Snapshots;

namespace Harness.Bench.Snapshot;

/// <summary>
/// <c>Harness.Bench snapshot</c>: one migration step's snapshot work (<see cref="SnapshotReader.ReadAsync"/> then
/// <see cref="SnapshotDiff.Between"/> with the step before) on a seeded schema, against <c>psql -c</c> running the same
/// digest statements (bench/README.md). Exit 0 when measured (goal met or not: read the summary), 2 when it could not run.
/// </summary>
internal static class SnapshotBenchmarkCommand
{
    public const string Usage = "usage: Harness.Bench snapshot [--tenants 1000] [--rows 1000000] [--repeat 5] [--postgres local|<connection string>] [--timeout-minutes 15]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var tenants = Arguments.Int(args, "--tenants", 1000);
        var rows = Arguments.Int(args, "--rows", 1_000_000);
        var repeat = Arguments.Int(args, "--repeat", 5);
        var postgres = Arguments.Value(args, "--postgres") ?? "local";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(Arguments.Double(args, "--timeout-minutes", 15)));
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var progress = new Progress(Stopwatch.StartNew());
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {MachineLoad.Average()}");
        try
        {
            IPostgresProvider provider = postgres == "local" ? new LocalClusterProvider(new LocalClusterOptions()) : new ExternalServerProvider(postgres);
            await using var server = await provider.StartAsync(cancellation.Token);
            progress.Report($"PostgreSQL: {provider.Name}");
            await using var schema = await SnapshotBenchSchema.CreateAsync(server.AdminConnectionString, tenants, rows, progress, cancellation.Token);
            var result = await MeasureAsync(server.AdminConnectionString, schema.Name, tenants, repeat, progress, cancellation.Token);
            Console.WriteLine();
            result.Print(Console.Out, tenants, rows, repeat);
            Console.WriteLine($"load average at the end: {MachineLoad.Average()}");
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {(cancellation.IsCancellationRequested ? "timed out or cancelled: " : "")}{e}");
            return 2;
        }
    }

    private static async Task<SnapshotBenchResult> MeasureAsync(
        string admin, string schema, int tenants, int repeat, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var scope = new SnapshotScope { TenantKey = SnapshotBenchSchema.TenantKey, Root = new SnapshotRoot("tenants", "id") };
        var withCanaries = scope with { Canaries = [.. Enumerable.Range(1, tenants).Select(SnapshotBenchSchema.Canary)] };
        var reference = "BEGIN ISOLATION LEVEL REPEATABLE READ;\n"
            + string.Join(";\n", SnapshotBenchSchema.TenantTables
                .Select(t => TenantChecksums.Query(schema, new TableName(t.Table), SnapshotBenchSchema.TenantKey, t.PrimaryKey))
                .Append(TenantChecksums.Query(schema, new TableName("tenants"), "id", ["id"])))
            + ";\nCOMMIT;";

        // Unmeasured: the first of each warms the JIT, the buffer cache and psql's binary alike.
        progress.Report("warm-up: one snapshot and one psql run, not measured");
        var previous = await SnapshotReader.ReadAsync(admin, schema, scope, cancellationToken);
        await PsqlReference.RunAsync(admin, reference, cancellationToken);

        var result = new SnapshotBenchResult { ReferenceSql = reference };
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            var current = await SnapshotReader.ReadAsync(admin, schema, scope, cancellationToken);
            var read = clock.Elapsed;
            var diff = SnapshotDiff.Between(previous, current);
            var step = clock.Elapsed;
            if (!diff.IsEmpty)
            {
                throw new InvalidOperationException($"two snapshots of an unchanged schema differ: {SnapshotJson.Serialize(diff)}");
            }

            var psql = await PsqlReference.RunAsync(admin, reference, cancellationToken);
            clock.Restart();
            var catalogOnly = await SnapshotReader.ReadAsync(admin, schema, SnapshotScope.CatalogOnly, cancellationToken);
            var catalog = clock.Elapsed;
            clock.Restart();
            var canaries = await SnapshotReader.ReadAsync(admin, schema, withCanaries, cancellationToken);
            var canaryStep = clock.Elapsed;
            result.Add(read, step - read, psql, catalog, canaryStep);
            result.Digests = current.Data.Count;
            result.CatalogObjects = catalogOnly.Security.Tables.Count + catalogOnly.Security.Columns.Count + catalogOnly.Security.Privileges.Count;
            result.Canaries = canaries.Canaries.Count;
            progress.Report(string.Create(CultureInfo.InvariantCulture,
                $"round {i + 1}: snapshot {read.TotalSeconds:0.000} s + diff {(step - read).TotalMilliseconds:0.0} ms, psql {psql.TotalSeconds:0.000} s, "
                + $"catalog only {catalog.TotalSeconds:0.000} s, with {canaries.Canaries.Count} canaries {canaryStep.TotalSeconds:0.000} s"));
            previous = current;
        }

        return result;
    }

    /// <summary>Progress lines with the seconds since the benchmark started.</summary>
    private sealed class Progress(Stopwatch clock) : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:0.00}s] {value}"));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Harness.Bench.Load;
using Harness.Bench.Snapshot;
using Harness.Drills.Verify;
using Harness.Model;
using Harness.Probing;
using Harness.Provisioning;
using Harness.Snapshots;

namespace Harness.Bench.Restore;

/// <summary>
/// <c>Harness.Bench verify-restore</c>: <see cref="RestoreVerifier.VerifyAsync"/> (the restored side's snapshot, the roles it
/// names, the judgement) on a seeded schema against <c>psql -c</c> running the same per-tenant hash statements
/// (<c>sum(hashtextextended(...))</c> grouped by tenant), round by round (bench/README.md). The database verified is the one
/// the expected snapshot was taken of, unchanged: it reads exactly what a faithful restore's copy would give. Exit 0 when
/// measured (goal met or not), 2 when it could not run.
/// </summary>
internal static class VerifyRestoreBenchmarkCommand
{
    public const string Usage = "usage: Harness.Bench verify-restore [--tenants 1000] [--rows 1000000] [--repeat 5] [--postgres local|<connection string>] [--timeout-minutes 15]";

    private const double Goal = 0.8;

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

        var clock = Stopwatch.StartNew();
        void Report(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:0.00}s] {line}"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {MachineLoad.Average()}");
        try
        {
            IPostgresProvider provider = postgres == "local" ? new LocalClusterProvider(new LocalClusterOptions()) : new ExternalServerProvider(postgres);
            await using var server = await provider.StartAsync(cancellation.Token);
            Report($"PostgreSQL: {provider.Name}");
            await using var schema = await SnapshotBenchSchema.CreateAsync(server.AdminConnectionString, tenants, rows, new Progress<string>(Report), cancellation.Token);
            await MeasureAsync(server.AdminConnectionString, schema.Name, repeat, Report, cancellation.Token);
            Console.WriteLine($"load average at the end: {MachineLoad.Average()}");
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {(cancellation.IsCancellationRequested ? "timed out or cancelled: " : "")}{e}");
            return 2;
        }
    }

    private static async Task MeasureAsync(string admin, string schema, int repeat, Action<string> report, CancellationToken cancellationToken)
    {
        var scope = new SnapshotScope { TenantKey = SnapshotBenchSchema.TenantKey, Root = new SnapshotRoot("tenants", "id") };
        var reference = "BEGIN ISOLATION LEVEL REPEATABLE READ;\n"
            + string.Join(";\n", SnapshotBenchSchema.TenantTables
                .Select(t => TenantChecksums.Query(schema, new TableName(t.Table), SnapshotBenchSchema.TenantKey, t.PrimaryKey))
                .Append(TenantChecksums.Query(schema, new TableName("tenants"), "id", ["id"])))
            + ";\nCOMMIT;";

        report("expected state: one snapshot; warm-up: one verification and one psql run, not measured");
        var expected = await SnapshotReader.ReadAsync(admin, schema, scope, cancellationToken);
        await RestoreVerifier.VerifyAsync(admin, expected, new RestoreVerifyOptions(), cancellationToken);
        await PsqlReference.RunAsync(admin, reference, cancellationToken);

        var verifies = new List<double>();
        var references = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            var verification = await RestoreVerifier.VerifyAsync(admin, expected, new RestoreVerifyOptions(), cancellationToken);
            var verify = clock.Elapsed.TotalSeconds;
            if (!verification.Checks.All(c => c.Passed))
            {
                throw new InvalidOperationException("the verification of an unchanged schema found something: " + string.Join("; ", verification.Checks.SelectMany(c => c.Findings).Select(f => f.Message)));
            }

            var psql = (await PsqlReference.RunAsync(admin, reference, cancellationToken)).TotalSeconds;
            verifies.Add(verify);
            references.Add(psql);
            report(string.Create(CultureInfo.InvariantCulture, $"round {i + 1}: verify-restore {verify:0.000} s, psql {psql:0.000} s, ratio {psql / verify:0.00}"));
        }

        var medianVerify = Median(verifies);
        var medianPsql = Median(references);
        var ratio = medianPsql / medianVerify;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verify-restore (RestoreVerifier.VerifyAsync, {expected.Data.Count:N0} tenant digests, {expected.Data.Sum(d => d.Rows):N0} rows): median {medianVerify:0.000} s of {repeat} rounds"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"psql -c, the same per-tenant hash statements: median {medianPsql:0.000} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput ratio (psql time / verify-restore time): {ratio:0.00} (goal >= {Goal:0.0}: {(ratio >= Goal ? "met" : "missed")})"));
        Console.WriteLine("reference statements:");
        Console.WriteLine(reference);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

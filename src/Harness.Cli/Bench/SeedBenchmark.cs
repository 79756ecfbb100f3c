using System.Diagnostics;
using System.Globalization;
using Harness.Catalog;
using Harness.Errors;
using Harness.Runner;
using Harness.Manifest;
using Harness.Migrations;
using Harness.Model;
using Harness.Provisioning;
using Harness.Seeders;
using Harness.Workers;
using Npgsql;

namespace Harness.Cli.Bench;

/// <summary>
/// Seeding throughput against a reference in the same run: the harness seeds schema A; the same rows, dumped
/// to files beforehand (untimed), are loaded into an identical schema B with <c>psql \copy</c> (timed).
/// The ratio is harness rows/s over psql rows/s.
/// </summary>
internal sealed class SeedBenchmark(HarnessManifest manifest, SeedOptions seed, IProgress<string> progress)
{
    public sealed record Result(long Rows, TimeSpan Harness, TimeSpan Reference, long PeakWorkingSetBytes)
    {
        public double HarnessRowsPerSecond => Rows / Harness.TotalSeconds;

        public double ReferenceRowsPerSecond => Rows / Reference.TotalSeconds;

        public double Ratio => HarnessRowsPerSecond / ReferenceRowsPerSecond;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"rows {Rows:N0}\nharness  {Harness.TotalSeconds,7:0.00} s  {HarnessRowsPerSecond,12:N0} rows/s\n" +
            $"psql \\copy {Reference.TotalSeconds,5:0.00} s  {ReferenceRowsPerSecond,12:N0} rows/s\n" +
            $"ratio    {Ratio:0.00} (harness / psql \\copy)\npeak working set {PeakWorkingSetBytes / 1024.0 / 1024.0:N0} MiB");
    }

    public async Task<Result> RunAsync(IPostgresServer server, CancellationToken cancellationToken)
    {
        var run = RunId.New();
        await using var harnessSchema = await WorkerSchema.CreateAsync(server.AdminConnectionString, run, 0, cancellationToken: cancellationToken);
        await using var referenceSchema = await WorkerSchema.CreateAsync(server.AdminConnectionString, run, 1, cancellationToken: cancellationToken);
        var migrations = MigrationRunnerFactory.For(manifest) ?? throw new UsageException("the benchmark needs a manifest with migrations") { Option = "--manifest" };
        await migrations.ApplyAsync(harnessSchema.AdminConnectionString, harnessSchema.Name, cancellationToken);
        await migrations.ApplyAsync(referenceSchema.AdminConnectionString, referenceSchema.Name, cancellationToken);

        await using var connection = new NpgsqlConnection(harnessSchema.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        var catalog = await CatalogReader.ReadAsync(connection, harnessSchema.Name, manifest.Database.AppRole, cancellationToken);
        var model = TenancyModelResolver.Resolve(manifest, catalog);

        progress.Report($"harness: seeding {seed.Tenants:N0} tenants with {seed.Parallelism} connections ...");
        var stopwatch = Stopwatch.StartNew();
        var ledger = await new TenantSeeder(model, catalog, seed).SeedAsync(harnessSchema.AdminConnectionString, null, cancellationToken);
        var harnessTime = stopwatch.Elapsed;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"harness: {ledger.RowCount:N0} rows in {harnessTime.TotalSeconds:0.00} s"));

        var folder = Directory.CreateTempSubdirectory("harness-bench-");
        try
        {
            var order = model.TenantTables.Select(t => catalog.FindTable(t)!).ToList();
            var ordered = TableOrder.ParentsFirst(order);
            foreach (var table in ordered)
            {
                await PsqlAsync(server, $"\\copy {harnessSchema.Name}.{table.Name.Quoted} TO '{File(folder, table)}'", cancellationToken);
            }

            progress.Report("psql \\copy: loading the same rows, pre-rendered to files ...");
            stopwatch.Restart();
            foreach (var table in ordered)
            {
                await PsqlAsync(server, $"\\copy {referenceSchema.Name}.{table.Name.Quoted} FROM '{File(folder, table)}'", cancellationToken);
            }

            var referenceTime = stopwatch.Elapsed;
            return new Result(ledger.RowCount, harnessTime, referenceTime, peak);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string File(DirectoryInfo folder, TableInfo table) => Path.Combine(folder.FullName, table.Name.Value + ".copy");

    private async Task PsqlAsync(IPostgresServer server, string meta, CancellationToken cancellationToken)
    {
        var start = PsqlStart.For(server.AdminConnectionString, meta);
        if (seed.SkipTriggers)
        {
            start.Environment["PGOPTIONS"] = "-c session_replication_role=replica";
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new IOException($"psql failed ({process.ExitCode}) on {meta}: {await error}");
        }
    }
}

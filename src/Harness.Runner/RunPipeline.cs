using Harness.Ledger;
using System.Diagnostics;
using System.Globalization;
using Harness.Catalog;
using Harness.Errors;
using Harness.Manifest;
using Harness.Migrations;
using Harness.Model;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Running;
using Harness.Seeders;
using Harness.Targets;
using Harness.Workers;
using Npgsql;

namespace Harness.Runner;

/// <summary>
/// One <c>harness run</c>: provision, create worker schemas, migrate, seed, run the scenarios, write reports,
/// and remove everything it created, also when it fails or is cancelled.
/// </summary>
public sealed class RunPipeline(RunOptions options, IProgress<string> progress, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>Runs and returns the report and the folder it was written to.</summary>
    public async Task<(RunReport Report, string ReportFolder)> RunAsync(
        IPostgresProvider provider, CancellationToken cancellationToken = default)
    {
        var started = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var manifest = await options.Families.LoadManifestAsync(options.ManifestPath, cancellationToken);
        var scenarios = SelectScenarios(manifest);
        var target = await TargetPlan.ForAsync(manifest, options, scenarios, clock, cancellationToken);
        var seed = new SeedOptions
        {
            Tenants = options.Tenants ?? manifest.Seed.Tenants,
            UsersPerTenant = manifest.Seed.UsersPerTenant,
            RowsPerTable = manifest.Seed.RowsPerTable,
            Skew = manifest.Seed.Skew,
            SoftDeleted = manifest.Seed.SoftDeleted,
            Rules = SeedRules.From(manifest.Seed),
            Seed = options.Seed,
        };
        seed.Validate();
        var migrations = MigrationRunnerFactory.For(manifest);
        var run = RunId.New();
        progress.Report($"run {run}: target {manifest.Name}, seed {seed.Seed}, {seed.Tenants} tenants, scenarios {string.Join(",", scenarios.Select(s => s.Id))}");

        await using var server = await provider.StartAsync(cancellationToken);
        progress.Report($"postgres: {server.Description}");
        var collected = await new StaleSchemaCollector(options.StaleSchemaTtl, clock).CollectAsync(server.AdminConnectionString, run, cancellationToken);
        if (collected.Count > 0)
        {
            progress.Report($"collected {collected.Count} stale schema(s) of crashed runs: {string.Join(", ", collected)}");
        }

        var workers = new List<WorkerSchema>();
        try
        {
            var schedule = WorkerSchedule.For(scenarios, options.Workers);
            for (var i = 0; i < schedule.WorkerCount; i++)
            {
                var worker = await WorkerSchema.CreateAsync(server.AdminConnectionString, run, i, clock, cancellationToken);
                worker.DropOnDispose = !options.Keep;
                workers.Add(worker);
            }

            var prepared = await Task.WhenAll(workers.Select(w => PrepareAsync(w, manifest, migrations, seed, cancellationToken)));
            var model = prepared[0].Model;
            var ledger = prepared[0].Ledger;
            progress.Report($"seeded {ledger.Tenants.Count} tenants, {ledger.RowCount} rows per worker, {model.TenantTables.Count} tenant tables");

            var results = await Task.WhenAll(scenarios.Select((scenario, index) =>
                RunScenarioAsync(scenario, prepared[schedule.WorkerOf(index)], manifest, target, cancellationToken)));

            var report = new RunReport
            {
                RunId = run.Value,
                Target = manifest.Name,
                Postgres = server.Description,
                StartedAt = started,
                Duration = stopwatch.Elapsed,
                Seed = seed.Seed,
                Tenants = seed.Tenants,
                SeededRows = ledger.RowCount,
                FailOn = options.FailOn,
                Scenarios = results,
            };
            var folder = await WriteReportsAsync(report, ledger, started, cancellationToken);
            if (options.Keep)
            {
                progress.Report($"kept worker schemas: {string.Join(", ", workers.Select(w => w.Name))}");
            }

            return (report, folder);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await DropQuietlyAsync(worker, server);
            }
        }
    }

    private async Task<PreparedWorker> PrepareAsync(
        WorkerSchema worker, HarnessManifest manifest, IMigrationRunner? migrations, SeedOptions seed, CancellationToken cancellationToken)
    {
        if (migrations is not null)
        {
            await migrations.ApplyAsync(worker.AdminConnectionString, worker.Name, cancellationToken);
            progress.Report($"worker {worker.Worker}: migrations applied in schema {worker.Name}");
        }

        var catalog = await ReadCatalogAsync(worker, manifest, cancellationToken);
        var model = TenancyModelResolver.Resolve(manifest, catalog);
        var ledger = await new TenantSeeder(model, catalog, seed).SeedAsync(worker.AdminConnectionString, null, cancellationToken);
        return new PreparedWorker(worker, catalog, model, ledger);
    }

    private static async Task<CatalogSnapshot> ReadCatalogAsync(WorkerSchema worker, HarnessManifest manifest, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(worker.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await CatalogReader.ReadAsync(connection, worker.Name, manifest.Database.AppRole, cancellationToken);
    }

    private async Task<ScenarioResult> RunScenarioAsync(
        IScenario scenario, PreparedWorker worker, HarnessManifest manifest, TargetPlan? target, CancellationToken cancellationToken)
    {
        var appConnectionString = worker.Schema.ConnectionStringFor(manifest.Database.AppRole, manifest.Database.AppPassword);
        var context = new ScenarioContext(
            worker.Model,
            worker.Catalog,
            worker.Schema.Name,
            worker.Schema.AdminConnectionString,
            appConnectionString,
            worker.Ledger,
            progress)
        {
            Options = scenario.SectionKey is { } key ? manifest.Sections.GetValueOrDefault(key) : null,
            Shard = scenario.Needs.HasFlag(ScenarioNeeds.Shardable) ? options.Shard : Shard.All,
        };
        var stopwatch = Stopwatch.StartNew();
        ScenarioResult result;
        try
        {
            result = await RunOneAsync(scenario, context, worker, manifest.Database, target, cancellationToken);
        }
        catch (Exception e) when (CannotRun(e) && !cancellationToken.IsCancellationRequested)
        {
            // One scenario that cannot run (a role that bypasses RLS, an app that will not start) must not throw away what the
            // others found: its reason goes into the report, and the run exits 2 after writing it.
            progress.Report($"{scenario.Id}: could not run: {e.Message}");
            return new ScenarioResult(scenario.Id, [], stopwatch.Elapsed) { Error = e.Message };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything else is a bug in the harness: said so, with the stack trace to report it by, and never passed off as a
            // reason the scenario could not run; the other scenarios' results are still reported and the run exits 2.
            progress.Report($"{scenario.Id}: {HarnessBug.Describe(e)}");
            return new ScenarioResult(scenario.Id, [], stopwatch.Elapsed) { Error = HarnessBug.WithStackTrace(e) };
        }

        progress.Report(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Id}: {result.Checks.Count} checks, {result.Probes} probes, {result.Findings.Count()} findings ({result.Duration.TotalSeconds:0.00}s)"));
        return result;
    }

    private async Task<ScenarioResult> RunOneAsync(
        IScenario scenario, ScenarioContext context, PreparedWorker worker, DatabaseSection database, TargetPlan? target, CancellationToken cancellationToken)
    {
        if (!scenario.Needs.HasFlag(ScenarioNeeds.RunningTarget) || target is null)
        {
            return await scenario.RunAsync(context, cancellationToken);
        }

        // The app starts after seeding, against this worker's schema, and stops when the scenario ends (also on failure).
        await using var running = await target.Host.StartAsync(
            new TargetDatabase(worker.Schema.Name, context.AppConnectionString!, worker.Schema.AdminConnectionString)
            {
                RoleConnectionStrings = database.Roles
                    .Append(new(database.AppRole, database.AppPassword))
                    .ToDictionary(r => r.Key, r => worker.Schema.ConnectionStringFor(r.Key, r.Value), StringComparer.Ordinal),
            },
            cancellationToken);
        progress.Report($"worker {worker.Schema.Worker}: target {running.Description} ({target.Host.Description})");
        return await scenario.RunAsync(context.WithTarget(target.ContextFor(running)), cancellationToken);
    }

    /// <summary>
    /// Failures that stop one scenario but say nothing against the others: a harness failure with a message for users (the
    /// scenario's own refusal, a target that will not start or sign in) and database errors during its probes.
    /// </summary>
    private static bool CannotRun(Exception e) => e is HarnessException or NpgsqlException;

    private async Task<string> WriteReportsAsync(RunReport report, SeedLedger ledger, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(Path.Combine(
            options.ReportsRoot, string.Create(CultureInfo.InvariantCulture, $"{started:yyyyMMdd-HHmmss}-{report.RunId}")));
        await ReportSet.WriteAsync(report, folder, ledger, cancellationToken);
        return folder;
    }

    private async Task DropQuietlyAsync(WorkerSchema worker, IPostgresServer server)
    {
        if (!worker.DropOnDispose || server.IsHarnessOwned)
        {
            // A harness-owned server is removed whole; dropping its schemas first would only cost time.
            return;
        }

        try
        {
            await worker.DropAsync(CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            progress.Report($"warning: could not drop schema {worker.Name} ({e.Message}); the stale-schema collector will remove it later");
        }
    }

    /// <summary>
    /// The scenarios <c>--scenarios</c> names. With <c>all</c>, target scenarios are left out when the manifest has no
    /// <c>target</c> (say so); in shard 2 and up only target scenarios run (the others ran whole in shard 1).
    /// </summary>
    private IReadOnlyList<IScenario> SelectScenarios(HarnessManifest manifest)
    {
        static bool NeedsTarget(IScenario s) => s.Needs.HasFlag(ScenarioNeeds.RunningTarget);
        var scenarios = options.Families.Select(options.Scenarios);
        if (options.Scenarios is ["all"] && manifest.Target is null && options.TargetHost is null)
        {
            var left = scenarios.Where(NeedsTarget).Select(s => s.Id).ToList();
            if (left.Count > 0)
            {
                progress.Report($"not running {string.Join(", ", left)}: the manifest has no 'target' section (how to start the app)");
            }

            scenarios = [.. scenarios.Where(s => !NeedsTarget(s))];
        }

        if (options.Shard.Index > 1)
        {
            static bool Shardable(IScenario s) => s.Needs.HasFlag(ScenarioNeeds.Shardable);
            scenarios = [.. scenarios.Where(Shardable)];
            if (scenarios.Count == 0)
            {
                throw new UsageException(
                    $"--shard {options.Shard}: none of the scenarios is split into shards (only {string.Join(", ", options.Families.All.Where(Shardable).Select(s => s.Id))}); the others run whole in shard 1")
                {
                    Option = "--shard",
                };
            }
        }

        return scenarios;
    }

    private sealed record PreparedWorker(WorkerSchema Schema, CatalogSnapshot Catalog, TenancyModel Model, SeedLedger Ledger);
}

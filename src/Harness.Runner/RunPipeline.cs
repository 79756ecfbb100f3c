using Harness.Ledger;
using System.Diagnostics;
using System.Globalization;
using Harness.Catalog;
using Harness.Errors;
using Harness.Findings;
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

    /// <summary>
    /// Runs and returns the report and the folder it was written to. When <paramref name="cancellationToken"/> is cancelled,
    /// every COPY and query ends, what the run created is removed (with a bounded token of its own,
    /// <see cref="RunCleanup.Timeout"/>), no report folder is left, and the run throws <see cref="OperationCanceledException"/>
    /// for this token, whatever failure the cancellation caused below (a killed child, an aborted COPY).
    /// </summary>
    public async Task<(RunReport Report, string ReportFolder)> RunAsync(
        IPostgresProvider provider, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RunCoreAsync(provider, cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested
            && (e is not OperationCanceledException cancelled || cancelled.CancellationToken != cancellationToken))
        {
            throw new OperationCanceledException("the run was cancelled; what it created has been removed", e, cancellationToken);
        }
    }

    private async Task<(RunReport Report, string ReportFolder)> RunCoreAsync(IPostgresProvider provider, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var manifest = await options.Families.LoadManifestAsync(options.ManifestPath, cancellationToken);
        var scenarios = SelectScenarios(manifest);
        options.Rules.Validate(scenarios.SelectMany(s => s.Rules));
        var probesTarget = scenarios.Any(s => s.Needs.HasFlag(ScenarioNeeds.RunningTarget));
        await RunPreflight.CheckAsync(manifest, options.ReportsRoot, probesTarget && options.TargetHost is null, cancellationToken);
        var baseline = options.BaselinePath is { } baselinePath ? await BaselineFile.LoadAsync(baselinePath, cancellationToken) : null;
        var target = await TargetPlan.ForAsync(manifest, options, scenarios, clock, cancellationToken);
        var seed = SeedRules.OptionsFor(manifest.Seed, options.Tenants, options.Seed);
        var migrations = MigrationRunnerFactory.For(manifest);
        var isolation = manifest.Database.Isolation;
        var baselines = await BaselinePlan.ForAsync(scenarios, s => OptionsOf(s, manifest), manifest, migrations, cancellationToken);

        var run = RunId.New();
        progress.Report($"run {run}: target {manifest.Name}, seed {seed.Seed}, {seed.Tenants} tenants, scenarios {string.Join(",", scenarios.Select(s => s.Id))}");

        await using var server = await provider.StartAsync(cancellationToken);
        progress.Report($"postgres: {server.Description}");
        var collector = new StaleSchemaCollector(options.StaleSchemaTtl, clock);
        var collected = await collector.CollectAsync(server.AdminConnectionString, run, cancellationToken);
        if (collected.Count > 0)
        {
            progress.Report($"collected {collected.Count} stale schema(s) of crashed runs: {string.Join(", ", collected)}");
        }

        var collectedDatabases = await collector.CollectDatabasesAsync(server.AdminConnectionString, run, cancellationToken);
        if (collectedDatabases.Count > 0)
        {
            progress.Report($"collected {collectedDatabases.Count} stale database(s) of crashed runs: {string.Join(", ", collectedDatabases)}");
        }

        var workers = new List<IWorker>();
        var cleanup = new RunCleanup(server, progress, options.Keep);
        try
        {
            var schedule = WorkerSchedule.For(scenarios, options.Workers);
            var baselineOfWorker = new MigrationStep?[schedule.WorkerCount];
            for (var i = 0; i < scenarios.Count; i++)
            {
                baselineOfWorker[schedule.WorkerOf(i)] ??= baselines.Of(i)?.Baseline;
            }

            var rolesBefore = await MigrationRoles.ReadAsync(server.AdminConnectionString, cancellationToken);
            cleanup.RolesBefore = rolesBefore;
            if (isolation == WorkerIsolation.Database)
            {
                await CreateWorkerDatabasesAsync(server, run, manifest, migrations, baselineOfWorker, workers, cleanup, cancellationToken);
            }
            else
            {
                for (var i = 0; i < schedule.WorkerCount; i++)
                {
                    var worker = await WorkerSchema.CreateAsync(server.AdminConnectionString, run, i, clock, cancellationToken);
                    worker.DropOnDispose = !options.Keep;
                    workers.Add(worker);
                }
            }

            var perWorkerMigrations = isolation == WorkerIsolation.Schema ? migrations : null;
            var prepared = await Task.WhenAll(workers.Select((w, i) =>
                PrepareAsync(w, manifest, baselineOfWorker[i] is null ? perWorkerMigrations : migrations, baselineOfWorker[i], seed, cancellationToken)));
            var rolesCreated = await RolesCreatedAsync(server, rolesBefore, cleanup, cancellationToken);
            if (server.IsHarnessOwned)
            {
                // The harness's own cluster asks every login for a password: a login role without one gets one.
                manifest = await LoginPasswords.FillMissingAsync(server.AdminConnectionString, manifest, cancellationToken);
            }

            var model = prepared[0].Model;
            var ledger = prepared[0].Ledger;
            progress.Report($"seeded {ledger.Tenants.Count} tenants, {ledger.RowCount} rows per worker, {model.TenantTables.Count} tenant tables");

            // A family may restart the server only when it has the harness's server to itself: the run's only family.
            var restartable = scenarios.Count == 1 && server.IsHarnessOwned ? server as IRestartableServer : null;
            var results = await Task.WhenAll(scenarios.Select((scenario, index) =>
                RunScenarioAsync(scenario, prepared[schedule.WorkerOf(index)], manifest, target, StepsFor(baselines, index, migrations, manifest, isolation, prepared[schedule.WorkerOf(index)].Worker), restartable, cancellationToken)));
            results = [.. results.Select(options.Rules.Apply)];

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
                RolesCreated = rolesCreated,
                Scenarios = results,
                Baseline = baseline,
            };
            var reportFolder = await WriteReportsAsync(report, ledger, FindingLocator.For(manifest), started, cancellationToken);
            if (options.Keep)
            {
                progress.Report($"kept worker {workers[0].Kind}s: {string.Join(", ", workers.Select(w => w.Name).Concat(cleanup.Template is { } t ? [t.Name] : []))}");
                foreach (var line in KeptTarget.Instructions(workers[0], manifest))
                {
                    progress.Report(line);
                }
            }

            return (report, reportFolder);
        }
        finally
        {
            // Not the run's token: after Ctrl+C it is cancelled, and the cleanup must still run, bounded.
            using var bounded = new CancellationTokenSource(RunCleanup.Timeout);
            foreach (var worker in workers)
            {
                await DropQuietlyAsync(worker, server, bounded.Token);
            }

            await cleanup.FinishAsync(bounded.Token);
        }
    }

    /// <summary>
    /// Database isolation: the run's template database is created and migrated once, with the database's default search
    /// path, then each worker is a copy of it (<c>CREATE DATABASE ... TEMPLATE</c>), so a further worker costs a copy, not
    /// a migration.
    /// </summary>
    private async Task CreateWorkerDatabasesAsync(
        IPostgresServer server, RunId run, HarnessManifest manifest, IMigrationRunner? migrations, IReadOnlyList<MigrationStep?> baselineOfWorker,
        List<IWorker> workers, RunCleanup cleanup, CancellationToken cancellationToken)
    {
        var template = await WorkerDatabase.CreateTemplateAsync(server.AdminConnectionString, run, manifest.Database.Schema, clock, cancellationToken);
        template.DropOnDispose = !options.Keep;
        cleanup.Template = template;
        if (migrations is not null)
        {
            var migrating = Stopwatch.StartNew();
            await migrations.ApplyAsync(template.AdminConnectionString, null, cancellationToken);
            progress.Report(string.Create(CultureInfo.InvariantCulture,
                $"migrations applied once in template database {template.Name} ({migrating.Elapsed.TotalSeconds:0.00}s)"));
        }

        for (var i = 0; i < baselineOfWorker.Count; i++)
        {
            if (baselineOfWorker[i] is { } baseline)
            {
                // Its family migrates it to an earlier version than the template's, so it starts empty.
                var empty = await WorkerDatabase.CreateEmptyAsync(server.AdminConnectionString, run, i, manifest.Database.Schema, clock, cancellationToken);
                empty.DropOnDispose = !options.Keep;
                workers.Add(empty);
                progress.Report($"worker {i}: empty database {empty.Name}, to be migrated to {baseline.Name}");
                continue;
            }

            var copying = Stopwatch.StartNew();
            var worker = await WorkerDatabase.CreateFromTemplateAsync(template, i, clock, cancellationToken);
            worker.DropOnDispose = !options.Keep;
            workers.Add(worker);
            progress.Report(string.Create(CultureInfo.InvariantCulture,
                $"worker {i}: database {worker.Name} copied from {template.Name} ({copying.Elapsed.TotalSeconds:0.00}s)"));
        }
    }

    /// <summary>
    /// The roles that appeared while migrating (roles are cluster-wide, so they outlive the workers). Those that own
    /// objects or hold privileges in the run's template database are the run's own and are dropped at the end.
    /// </summary>
    private async Task<IReadOnlyList<string>?> RolesCreatedAsync(
        IPostgresServer server, IReadOnlySet<string> before, RunCleanup cleanup, CancellationToken cancellationToken)
    {
        var after = await MigrationRoles.ReadAsync(server.AdminConnectionString, cancellationToken);
        var created = after.Where(r => !before.Contains(r)).Order(StringComparer.Ordinal).ToList();
        if (created.Count == 0)
        {
            cleanup.Roles = [];
            return null;
        }

        if (cleanup.Template is { } template)
        {
            cleanup.Roles = await MigrationRoles.DependedOnInAsync(server.AdminConnectionString, template.Name, created, cancellationToken);
        }

        progress.Report($"role(s) {string.Join(", ", created)} appeared on the server while the run migrated (roles are server-wide; "
            + (server.IsHarnessOwned ? "removed with the server)"
                : cleanup.Template is null ? "not dropped: with schema isolation the run cannot tell them from roles others created meanwhile)"
                : cleanup.Roles is not { Count: > 0 } ? "none holds objects of the run's template database, so none is dropped)"
                : options.Keep ? "kept with --keep)"
                : $"dropped at the end: {string.Join(", ", cleanup.Roles!)})"));
        return created;
    }

    private async Task<PreparedWorker> PrepareAsync(
        IWorker worker, HarnessManifest manifest, IMigrationRunner? migrations, MigrationStep? baseline, SeedOptions seed, CancellationToken cancellationToken)
    {
        if (baseline is not null && migrations is ISteppedMigrationRunner stepped)
        {
            await stepped.ApplyThroughAsync(worker.AdminConnectionString, MigrationSchemaOf(worker), baseline, cancellationToken);
            progress.Report($"worker {worker.Worker}: migrated to {baseline.Name} in {worker.Kind} {worker.Name}");
        }
        else if (migrations is not null)
        {
            await migrations.ApplyAsync(worker.AdminConnectionString, worker.Name, cancellationToken);
            progress.Report($"worker {worker.Worker}: migrations applied in schema {worker.Name}");
        }

        if (migrations is not null && worker is WorkerSchema)
        {
            if (await AppSchemaUsage.EnsureAsync(worker.AdminConnectionString, worker.Schema, manifest.Database.AppRole, cancellationToken) is { } usage)
            {
                progress.Report($"worker {worker.Worker}: {usage}");
            }
        }

        var catalog = await ReadCatalogAsync(worker, manifest, cancellationToken);
        var model = TenancyModelResolver.Resolve(manifest, catalog);
        progress.Report($"worker {worker.Worker}: seeding {seed.Tenants} tenants into {worker.Kind} {worker.Name}");
        var ledger = await new TenantSeeder(model, catalog, seed).SeedAsync(worker.AdminConnectionString, options.SeedProgress, cancellationToken);
        return new PreparedWorker(worker, catalog, model, ledger);
    }

    private static async Task<CatalogSnapshot> ReadCatalogAsync(IWorker worker, HarnessManifest manifest, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(worker.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        // Privileges are judged for the role the app's statements run as: the role the tenant context switches to
        // (Supabase's authenticated), else the login role.
        return await CatalogReader.ReadAsync(connection, worker.Schema, manifest.StatementRole, cancellationToken);
    }

    /// <summary>The schema a migration runner migrates on this worker: the worker schema, or none for a worker database (its default search path).</summary>
    private static string? MigrationSchemaOf(IWorker worker) => worker is WorkerSchema ? worker.Name : null;

    /// <summary>The later migration steps a family with a baseline version applies itself, as its context's feature; null for the others.</summary>
    private static MigrationSteps? StepsFor(
        BaselinePlan baselines, int index, IMigrationRunner? migrations, HarnessManifest manifest, WorkerIsolation isolation, IWorker worker) =>
        baselines.Of(index) is { } plan && migrations is ISteppedMigrationRunner stepped
            ? new MigrationSteps(stepped, plan.Baseline, plan.Later, isolation == WorkerIsolation.Schema ? worker.Name : null, manifest)
            : null;

    private async Task<ScenarioResult> RunScenarioAsync(
        IScenario scenario, PreparedWorker worker, HarnessManifest manifest, TargetPlan? target, MigrationSteps? steps, IRestartableServer? restartable,
        CancellationToken cancellationToken)
    {
        var appConnectionString = worker.Worker.ConnectionStringFor(manifest.Database.AppRole, manifest.Database.AppPassword);
        var context = new ScenarioContext(
            worker.Model,
            worker.Catalog,
            worker.Worker.Schema,
            worker.Worker.AdminConnectionString,
            appConnectionString,
            worker.Ledger,
            progress)
        {
            Options = OptionsOf(scenario, manifest),
            Shard = scenario.Needs.HasFlag(ScenarioNeeds.Shardable) ? options.Shard : Shard.All,
            StopRequested = options.Stop,
        };
        if (steps is not null)
        {
            context = context.WithFeature(steps);
        }

        if (restartable is not null)
        {
            context = context.WithFeature(restartable);
        }

        progress.Report($"{scenario.Id}: started on worker {worker.Worker.Worker}");
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
        return SqlReproductions.ForAfterRun(result, worker.Worker.Name, worker.Worker.Kind, worker.Worker.Schema, manifest.Database.Schema, options.Keep);
    }

    /// <summary>The family's options as the manifest gave them, changed by the run's <see cref="RunOptions.OptionOverrides"/> for it.</summary>
    private object? OptionsOf(IScenario scenario, HarnessManifest manifest)
    {
        var read = scenario.SectionKey is { } key ? manifest.Sections.GetValueOrDefault(key) : null;
        return options.OptionOverrides.TryGetValue(scenario.Id, out var change) ? change(read) : read;
    }

    private async Task<ScenarioResult> RunOneAsync(
        IScenario scenario, ScenarioContext context, PreparedWorker worker, DatabaseSection database, TargetPlan? target, CancellationToken cancellationToken)
    {
        if (!scenario.Needs.HasFlag(ScenarioNeeds.RunningTarget) || target is null)
        {
            return await scenario.RunAsync(context, cancellationToken);
        }

        if (scenario.Needs.HasFlag(ScenarioNeeds.OwnTarget))
        {
            // The family starts (and stops) the app itself, against connections of its own making.
            var launcher = new TargetLauncher(target.Host, KeptTarget.DatabaseFor(worker.Worker, database), target.Credentials, target.Endpoints)
            {
                ManifestPath = target.ManifestPath,
            };
            return await scenario.RunAsync(context.WithFeature(launcher), cancellationToken);
        }

        // The app starts after seeding, against this worker's schema, and stops when the scenario ends (also on failure).
        await using var running = await target.Host.StartAsync(KeptTarget.DatabaseFor(worker.Worker, database), cancellationToken);
        progress.Report($"worker {worker.Worker.Worker}: target {running.Description} ({target.Host.Description})");
        return await scenario.RunAsync(context.WithTarget(target.ContextFor(running)), cancellationToken);
    }

    /// <summary>
    /// Failures that stop one scenario but say nothing against the others: a harness failure with a message for users (the
    /// scenario's own refusal, a target that will not start or sign in) and database errors during its probes.
    /// </summary>
    private static bool CannotRun(Exception e) => e is HarnessException or NpgsqlException;

    private async Task<string> WriteReportsAsync(RunReport report, SeedLedger ledger, FindingLocator locator, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(Path.Combine(
            options.ReportsRoot, string.Create(CultureInfo.InvariantCulture, $"{started:yyyyMMdd-HHmmss}-{report.RunId}")));
        try
        {
            await ReportSet.WriteAsync(report, folder, ledger, locator, cancellationToken);
        }
        catch (Exception) when (Directory.Exists(folder))
        {
            // A report folder is whole or absent: CI uploads and `harness report merge` read every folder as a finished run,
            // and a cancelled run has no verdict to report (the exit code and `error: cancelled` say what happened).
            Directory.Delete(folder, recursive: true);
            throw;
        }

        return folder;
    }

    private async Task DropQuietlyAsync(IWorker worker, IPostgresServer server, CancellationToken cancellationToken)
    {
        if (!worker.DropOnDispose || server.IsHarnessOwned)
        {
            // A harness-owned server is removed whole; dropping its schemas first would only cost time.
            return;
        }

        try
        {
            await worker.DropAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            progress.Report($"warning: could not drop {worker.Kind} {worker.Name} ({e.Message}); the stale-schema collector will remove it later");
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
        if (options.Scenarios is ["all"])
        {
            // On-demand families (a soak of minutes) run only when named; a family with nothing to check in this manifest
            // (no quota declared) is left out, and the run says so.
            var unconfigured = scenarios.Where(s => s.RunsInAll && !s.IsConfigured(s.SectionKey is { } key ? manifest.Sections.GetValueOrDefault(key) : null)).ToList();
            foreach (var family in unconfigured)
            {
                progress.Report($"not running {family.Id}: the manifest has no '{family.SectionKey}' section to check");
            }

            scenarios = [.. scenarios.Where(s => s.RunsInAll).Except(unconfigured)];
        }

        scenarios = WithCompanions(scenarios, manifest);
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

    /// <summary>
    /// The families with the companions they name (<see cref="IScenario.Companions"/>) that are not in the run yet, each said
    /// so; a companion that needs a running target only when the run has one.
    /// </summary>
    private IReadOnlyList<IScenario> WithCompanions(IReadOnlyList<IScenario> scenarios, HarnessManifest manifest)
    {
        var hasTarget = manifest.Target is not null || options.TargetHost is not null;
        var result = scenarios.ToList();
        foreach (var family in scenarios)
        {
            var added = options.Families.All
                .Where(c => family.Companions.Contains(c.Id, StringComparer.Ordinal) && !result.Contains(c))
                .Where(c => hasTarget || !c.Needs.HasFlag(ScenarioNeeds.RunningTarget))
                .ToList();
            if (added.Count > 0)
            {
                result.AddRange(added);
                progress.Report($"{family.Id} runs with {string.Join(", ", added.Select(c => c.Id))} on the latest version");
            }
        }

        return result;
    }

    private sealed record PreparedWorker(IWorker Worker, CatalogSnapshot Catalog, TenancyModel Model, SeedLedger Ledger);
}

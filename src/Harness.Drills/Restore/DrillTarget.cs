using Harness.Catalog;
using Harness.Ledger;
using Harness.Manifest;
using Harness.Model;
using Harness.Provisioning;
using Harness.Runner;
using Harness.Seeders;
using Harness.Workers;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>
/// The drill's primary: a local cluster started with WAL archiving into the drill's folder, one worker schema migrated and seeded
/// from the manifest the way <c>harness run</c> prepares a worker.
/// </summary>
internal sealed record DrillTarget(LocalCluster Cluster, WorkerSchema Worker, HarnessManifest Manifest, CatalogSnapshot Catalog, TenancyModel Model, SeedLedger Ledger)
{
    /// <summary>
    /// Settings the drill needs on top of the local cluster's: WAL for archiving and a base backup, the archive itself, and full
    /// page writes, without which a base backup taken while writes run can restore torn pages (the provider turns them off
    /// for speed).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ServerSettings(string archiveCommand) => new Dictionary<string, string>
    {
        ["wal_level"] = "replica",
        ["archive_mode"] = "on",
        ["archive_command"] = archiveCommand,
        ["full_page_writes"] = "on",
        ["max_wal_senders"] = "4",
    };

    /// <summary>Starts the primary archiving with <paramref name="archiveCommand"/> (the drill folder's copy, or pgBackRest's archive-push).</summary>
    public static async Task<DrillTarget> StartAsync(
        DrillFolder folder, string archiveCommand, RestoreDrillOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(options.ManifestPath, cancellationToken);
        var seed = SeedRules.OptionsFor(manifest.Seed, options.Tenants, options.Seed);
        var migrations = MigrationRunnerFactory.For(manifest);
        var cluster = await new LocalClusterProvider(new LocalClusterOptions
        {
            TempRoot = options.TempRoot,
            ServerSettings = ServerSettings(archiveCommand),
            RemoveOnTerminationSignal = false,
        }).StartClusterAsync(cancellationToken);
        try
        {
            progress.Report($"postgres: {cluster.Description}, archiving with {archiveCommand}");
            var worker = await WorkerSchema.CreateAsync(cluster.AdminConnectionString, RunId.New(), 0, null, cancellationToken);
            if (migrations is not null)
            {
                await migrations.ApplyAsync(worker.AdminConnectionString, worker.Name, cancellationToken);
                await AppSchemaUsage.EnsureAsync(worker.AdminConnectionString, worker.Schema, manifest.Database.AppRole, cancellationToken);
            }

            CatalogSnapshot catalog;
            await using (var connection = new NpgsqlConnection(worker.AdminConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                catalog = await CatalogReader.ReadAsync(connection, worker.Schema, manifest.StatementRole, cancellationToken);
            }

            var model = TenancyModelResolver.Resolve(manifest, catalog);
            progress.Report($"seeding {seed.Tenants} tenants into schema {worker.Name}");
            var ledger = await new TenantSeeder(model, catalog, seed).SeedAsync(worker.AdminConnectionString, null, cancellationToken);
            return new DrillTarget(cluster, worker, manifest, catalog, model, ledger);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}

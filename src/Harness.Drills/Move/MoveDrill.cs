using System.Diagnostics;
using System.Globalization;
using Harness.Catalog;
using Harness.Errors;
using Harness.Manifest;
using Harness.Model;
using Harness.Provisioning;
using Harness.Runner;
using Harness.Running;
using Harness.Seeders;
using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Move;

/// <summary>
/// <c>harness drill move</c>: on a local cluster of its own, a pooled database migrated and seeded from the manifest and a fresh
/// cell database with the same migrations and no rows; the reference mover (<see cref="ReferenceMover"/>) copies one tenant into
/// the cell and deletes it from the pool, and <see cref="MoveVerifier"/> verifies the result against the tenant's rows read
/// before the move, with the move declared complete. The example a team adapts to its own mover.
/// </summary>
public static class MoveDrill
{
    /// <summary>Runs the drill and returns its result (scenario <see cref="MoveVerifier.ScenarioId"/>), with each step's time as a metric.</summary>
    /// <exception cref="HarnessException">The manifest has no migrations, the tenant is not one of the seeded ones, or the cluster did not start.</exception>
    public static async Task<(ScenarioResult Result, string Target, string Postgres)> RunAsync(MoveDrillOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(options.ManifestPath, cancellationToken);
        var migrations = MigrationRunnerFactory.For(manifest)
            ?? throw new ManifestException(manifest.SourcePath, 1, 1, "the move drill builds its pool and cell from the manifest's migrations: add a 'migrations' section");
        var timings = new List<Metric>();
        var owned = options.Server is null;
        var server = options.Server ?? await Step(timings, "provision", options, () => new LocalClusterProvider(new LocalClusterOptions()).StartAsync(cancellationToken));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var pool = Database(server, $"harness_move_pool_{suffix}");
        var cell = Database(server, $"harness_move_cell_{suffix}");
        try
        {
            var schema = manifest.Database.Schema;
            var tenancy = new MoveTenancy(manifest.Tenancy.Key, manifest.Tenancy.Root, manifest.Tenancy.RootKey)
            {
                Global = manifest.Tenancy.Global.ToHashSet(StringComparer.Ordinal),
            };
            await Step(timings, "create pool and cell", options, async () =>
            {
                await CreateDatabaseAsync(server, pool, cancellationToken);
                await CreateDatabaseAsync(server, cell, cancellationToken);
                await migrations.ApplyAsync(pool.ConnectionString, null, cancellationToken);
                await migrations.ApplyAsync(cell.ConnectionString, null, cancellationToken);
                return 0;
            });
            var (catalog, ledger) = await Step(timings, "seed pool", options, () => SeedAsync(pool.ConnectionString, schema, manifest, options.Tenants, cancellationToken));
            var tenant = Pick(ledger, options.Tenant);
            var tables = TenantTables.From(catalog, tenancy);
            if (options.Flaw == MoverFlaw.CopiesOtherTenantsThroughForeignKey && tables.InForeignKeyOrder.All(t => t.CarriesKey))
            {
                throw new UsageException("this flaw needs a table reached only through foreign keys (no tenant key column); the manifest's schema has none")
                {
                    Option = "--manifest",
                };
            }

            var before = await TenantRowReader.ReadAsync(pool.ConnectionString, schema, tables, tenant, false, 5, cancellationToken);
            options.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"moving tenant {tenant}: {before.Sum(t => t.Rows)} rows in {tables.InForeignKeyOrder.Count} tenant tables ({string.Join(", ", tables.InForeignKeyOrder.Select(t => t.Name))})"));
            await Step(timings, "copy", options, async () =>
            {
                await ReferenceMover.CopyAsync(pool.ConnectionString, schema, cell.ConnectionString, schema, tables, tenant, options.Flaw, cancellationToken);
                return 0;
            });
            await Step(timings, "delete from pool", options, async () =>
            {
                await ReferenceMover.DeleteAsync(pool.ConnectionString, schema, tables, tenant, options.Flaw, cancellationToken);
                return 0;
            });
            var request = new MoveVerifyRequest { Tenant = tenant, Tenancy = tenancy, SourceSchema = schema, TargetSchema = schema, Before = before, Complete = true };
            var verified = await Step(timings, "verify", options, () => MoveVerifier.VerifyAsync(pool.ConnectionString, cell.ConnectionString, request, cancellationToken));
            var result = verified with { Metrics = [.. timings, .. verified.Metrics.Where(m => m.Unit != "s")] };
            return (result, $"{manifest.Name}: tenant {tenant} from {pool.Name} to {cell.Name}", server.Description);
        }
        finally
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            if (owned)
            {
                await server.DisposeAsync();
            }
            else
            {
                await DropDatabaseAsync(server, pool, bounded.Token);
                await DropDatabaseAsync(server, cell, bounded.Token);
            }
        }
    }

    private sealed record DatabaseRef(string Name, string ConnectionString);

    private static DatabaseRef Database(IPostgresServer server, string name) =>
        new(name, new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, SearchPath = null, Pooling = false }.ConnectionString);

    private static async Task<T> Step<T>(List<Metric> timings, string name, MoveDrillOptions options, Func<Task<T>> step)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await step();
        timings.Add(new Metric(name, stopwatch.Elapsed.TotalSeconds, "s"));
        options.Progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{name}: {stopwatch.Elapsed.TotalSeconds:0.00}s"));
        return result;
    }

    private static async Task<(CatalogSnapshot, Harness.Ledger.SeedLedger)> SeedAsync(
        string connectionString, string schema, HarnessManifest manifest, int tenants, CancellationToken cancellationToken)
    {
        CatalogSnapshot catalog;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            catalog = await CatalogReader.ReadAsync(connection, schema, manifest.StatementRole, cancellationToken);
        }

        var seed = SeedRules.OptionsFor(manifest.Seed, tenants, new SeedOptions().Seed);
        var model = TenancyModelResolver.Resolve(manifest, catalog);
        var ledger = await new TenantSeeder(model, catalog, seed).SeedAsync(connectionString, null, cancellationToken);
        return (catalog, ledger);
    }

    /// <summary>The tenant to move: a seeded tenant's index or id, the first by default.</summary>
    private static string Pick(Harness.Ledger.SeedLedger ledger, string? wanted)
    {
        if (wanted is null)
        {
            return ledger.Tenants[0].TenantId;
        }

        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < ledger.Tenants.Count
            && !ledger.Tenants.Any(t => t.TenantId == wanted))
        {
            return ledger.Tenants[index].TenantId;
        }

        return ledger.Tenants.FirstOrDefault(t => string.Equals(t.TenantId, wanted, StringComparison.OrdinalIgnoreCase))?.TenantId
            ?? throw new UsageException(
                $"tenant '{wanted}' is not one of the {ledger.Tenants.Count} seeded tenants: give an index from 0 to {ledger.Tenants.Count - 1}, "
                + $"or an id such as {ledger.Tenants[0].TenantId}")
            {
                Option = "--tenant",
            };
    }

    private static async Task CreateDatabaseAsync(IPostgresServer server, DatabaseRef database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {SqlIdentifier.Quote(database.Name)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task DropDatabaseAsync(IPostgresServer server, DatabaseRef database, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server.AdminConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {SqlIdentifier.Quote(database.Name)} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            // Best effort: the databases are the drill's own, named harness_move_*; a later drill does not reuse them.
        }
    }
}

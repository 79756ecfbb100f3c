using System.Globalization;
using Harness.Catalog;
using Harness.Ledger;
using Harness.Model;
using Npgsql;

namespace Harness.Seeders;

/// <summary>
/// Seeds N tenants into one schema: the root row, members and rows in every tenant table, in foreign-key order,
/// with every foreign key pointing inside the tenant and canary tokens in each table's text. One seed, same data,
/// however many connections load it: each tenant has its own randomizer, and tenants are split across connections
/// that stream rows with binary COPY.
/// </summary>
public sealed class TenantSeeder(TenancyModel model, CatalogSnapshot catalog, SeedOptions options)
{
    /// <summary>Seeds through <paramref name="adminConnectionString"/> (its search path set to the schema) and returns the ledger.</summary>
    public async Task<SeedLedger> SeedAsync(
        string adminConnectionString, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var tenantTables = model.TenantTables.Select(t => catalog.FindTable(t)
            ?? throw new SeedException($"tenant table '{t}' is not in schema '{catalog.Schema}'") { Table = t.Value }).ToList();
        var ordered = TableOrder.ParentsFirst(tenantTables);
        var seeded = ordered.Select(t => t.Name).ToHashSet();
        var globals = model.GlobalTables.ToHashSet();
        var referenced = TablePlan.ReferencedColumns(ordered);
        var plans = ordered.Select(t => new TablePlan(
            t,
            ColumnPlan.For(t, model, seeded, globals, options.Rules),
            referenced.GetValueOrDefault(t.Name) ?? [],
            options)).ToList();

        GlobalRows globalRows;
        IReadOnlyDictionary<ColumnPlan.Ruled, object?[]> ruleValues;
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            globalRows = await GlobalRows.ReadAsync(connection, catalog, globals, cancellationToken);
            ruleValues = await RuleValues.ResolveAsync(
                connection, plans.SelectMany(p => p.Written.OfType<ColumnPlan.Ruled>().Select(r => (p.Table, r))), cancellationToken);
        }

        var tenants = Enumerable.Range(0, options.Tenants)
            .Select(index => new TenantRows(index, new Random(StableMix(options.Seed, index))))
            .ToArray();
        var generator = new RowGenerator(model, globalRows, ruleValues, RunTag(options.Seed),
            TenantSizes.For(options.Tenants, options.UsersPerTenant, options.Skew),
            TenantSizes.For(options.Tenants, options.RowsPerTable, options.Skew));
        var groups = Math.Min(options.Parallelism, options.Tenants);
        var loaded = 0L;
        await Task.WhenAll(Enumerable.Range(0, groups).Select(group => Task.Run(
            () => LoadGroup(adminConnectionString, plans, [.. tenants.Where(t => t.Index % groups == group)], generator,
                rows => progress?.Report(string.Create(CultureInfo.InvariantCulture, $"seeded {Interlocked.Add(ref loaded, rows):N0} rows")),
                cancellationToken),
            cancellationToken)));

        return new SeedLedger(options.Seed, model.TenantKey, [.. tenants.Select(t => t.ToLedger(plans))]);
    }

    /// <summary>
    /// Loads one group of tenants on its own connection, table by table. Runs on a pool thread with synchronous
    /// writes: the importer buffers and flushes by itself, and a Task per value would cost more than the I/O.
    /// </summary>
    private void LoadGroup(
        string connectionString, IReadOnlyList<TablePlan> plans, TenantRows[] tenants, RowGenerator generator, Action<long> loaded,
        CancellationToken cancellationToken)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var registration = cancellationToken.Register(connection.Close);
        if (options.SkipTriggers)
        {
            using var replica = new NpgsqlCommand("SET session_replication_role = replica", connection);
            replica.ExecuteNonQuery();
        }

        foreach (var plan in plans)
        {
            var rows = 0L;
            using (var importer = connection.BeginBinaryImport(plan.CopyCommand))
            {
                var values = new object?[plan.Written.Count];
                foreach (var tenant in tenants)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = generator.RowCount(plan.Name, tenant.Index);
                    for (var i = 0; i < count; i++)
                    {
                        generator.Fill(plan, tenant, i, values);
                        importer.StartRow();
                        for (var c = 0; c < values.Length; c++)
                        {
                            Write(importer, values[c], plan.WireTypes[c]);
                        }

                        rows++;
                    }
                }

                importer.Complete();
            }

            loaded(rows);
        }
    }

    private static void Write(NpgsqlBinaryImporter importer, object? value, NpgsqlTypes.NpgsqlDbType? type)
    {
        switch (value)
        {
            case null:
                importer.WriteNull();
                break;
            case Guid guid:
                importer.Write(guid, NpgsqlTypes.NpgsqlDbType.Uuid);
                break;
            case string text when type is NpgsqlTypes.NpgsqlDbType.Text:
                importer.Write(text, NpgsqlTypes.NpgsqlDbType.Text);
                break;
            case int number when type is NpgsqlTypes.NpgsqlDbType.Integer:
                importer.Write(number, NpgsqlTypes.NpgsqlDbType.Integer);
                break;
            case DateTime time when type is { } timeType:
                importer.Write(time, timeType);
                break;
            default:
                if (type is { } wire)
                {
                    importer.Write(value, wire);
                }
                else
                {
                    importer.Write(value);
                }

                break;
        }
    }

    /// <summary>A short tag from the seed, so canaries of runs with different seeds never match each other.</summary>
    private static string RunTag(int seed) => ((uint)StableMix(seed, -1)).ToString("x8", CultureInfo.InvariantCulture)[..4];

    /// <summary>A platform-stable mix (HashCode is randomised per process, so it must not decide data).</summary>
    internal static int StableMix(int seed, int index)
    {
        unchecked
        {
            var x = ((uint)seed * 2654435761u) ^ (uint)(index + 0x9E3779B9);
            x ^= x >> 16;
            x *= 0x85EBCA6Bu;
            x ^= x >> 13;
            x *= 0xC2B2AE35u;
            x ^= x >> 16;
            return (int)x;
        }
    }
}

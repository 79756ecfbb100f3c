using Harness.Ledger;
using System.Globalization;
using Bogus;
using Harness.Catalog;
using Harness.Model;
using Npgsql;

namespace Harness.Seeders;

/// <summary>
/// Seeds N tenants into one schema: the root row, members and rows in every tenant table, in foreign-key order,
/// with every foreign key pointing inside the tenant and canary tokens in each table's text. One seed, same data.
/// </summary>
public sealed class TenantSeeder(TenancyModel model, CatalogSnapshot catalog, SeedOptions options)
{
    /// <summary>Seeds through <paramref name="adminConnectionString"/> (its search path set to the schema) and returns the ledger.</summary>
    public async Task<SeedLedger> SeedAsync(
        string adminConnectionString, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var tenantTables = model.TenantTables.Select(t => catalog.FindTable(t)
            ?? throw new SeedException($"tenant table '{t}' is not in schema '{catalog.Schema}'")).ToList();
        var ordered = TableOrder.ParentsFirst(tenantTables);
        var seeded = ordered.Select(t => t.Name).ToHashSet();
        var plans = ordered.ToDictionary(t => t.Name, t => ColumnPlan.For(t, model, seeded, model.GlobalTables.ToHashSet()));

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        var globalRows = await GlobalRows.ReadAsync(connection, catalog, model.GlobalTables, cancellationToken);
        var runTag = RunTag(options.Seed);
        var tenants = Enumerable.Range(0, options.Tenants)
            .Select(index => new TenantRows(index, new Faker { Random = new Randomizer(DeriveSeed(options.Seed, index)) }))
            .ToList();

        foreach (var table in ordered)
        {
            var plan = plans[table.Name];
            var inserted = plan.Where(p => p is not ColumnPlan.Omitted).Select(p => p.Column).ToList();
            var rows = new List<object?[]>();
            foreach (var tenant in tenants)
            {
                var count = table.Name == model.Root ? 1 : table.Name == model.Membership ? options.UsersPerTenant : options.RowsPerTable;
                for (var i = 0; i < count; i++)
                {
                    var row = NewRow(table, plan, tenant, globalRows, rows.Count + 1, runTag);
                    tenant.Add(table.Name, row);
                    rows.Add([.. inserted.Select(c => row[c.Name])]);
                }
            }

            await RowWriter.InsertAsync(connection, table, inserted, rows, cancellationToken);
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"seeded {rows.Count} rows into {table.Name}"));
        }

        return new SeedLedger(options.Seed, model.TenantKey, [.. tenants.Select(t => t.ToLedger(model, ordered))]);
    }

    private Dictionary<string, object?> NewRow(
        TableInfo table, IReadOnlyList<ColumnPlan> plan, TenantRows tenant, GlobalRows globals, long rowNumber, string runTag)
    {
        var row = new Dictionary<string, object?>();
        var parents = new Dictionary<string, IReadOnlyDictionary<string, object?>?>();
        foreach (var column in plan)
        {
            row[column.Column.Name] = column switch
            {
                ColumnPlan.TenantId => tenant.Id ?? (tenant.Id = ValueGenerator.For(column.Column, tenant.Faker, options.Epoch, tenant.Index + 1, "", true)),
                ColumnPlan.FromParent p => Parent(p.ForeignKey, tenant, globals, parents)?[p.ParentColumn],
                ColumnPlan.Generated g => Generate(g, tenant, rowNumber, runTag),
                _ => null,
            };
        }

        return row;
    }

    private static IReadOnlyDictionary<string, object?>? Parent(
        ForeignKeyInfo fk, TenantRows tenant, GlobalRows globals, Dictionary<string, IReadOnlyDictionary<string, object?>?> picked)
    {
        if (!picked.TryGetValue(fk.Name, out var parent))
        {
            var candidates = tenant.RowsOf(fk.ReferencedTable) ?? globals.RowsOf(fk.ReferencedTable);
            parent = candidates is { Count: > 0 } ? candidates[tenant.Faker.Random.Int(0, candidates.Count - 1)] : null;
            picked[fk.Name] = parent;
        }

        return parent;
    }

    private object? Generate(ColumnPlan.Generated plan, TenantRows tenant, long rowNumber, string runTag)
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $"{tenant.Index}-{rowNumber}");
        var value = ValueGenerator.For(plan.Column, tenant.Faker, options.Epoch, rowNumber, suffix, plan.Unique);
        if (plan.Canary && value is string text)
        {
            var token = tenant.NextCanary(runTag);
            value = $"{text} {token}";
        }

        return value;
    }

    /// <summary>A short tag from the seed, so canaries of runs with different seeds never match each other.</summary>
    private static string RunTag(int seed) => ((uint)DeriveSeed(seed, -1)).ToString("x8", CultureInfo.InvariantCulture)[..4];

    private static int DeriveSeed(int seed, int tenantIndex) => StableMix(seed, tenantIndex);

    /// <summary>A platform-stable mix (HashCode is randomised per process, so it must not decide data).</summary>
    private static int StableMix(int seed, int index)
    {
        unchecked
        {
            var x = (uint)seed * 2654435761u ^ (uint)(index + 0x9E3779B9);
            x ^= x >> 16;
            x *= 0x85EBCA6Bu;
            x ^= x >> 13;
            x *= 0xC2B2AE35u;
            x ^= x >> 16;
            return (int)x;
        }
    }
}

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
        // A partition of a seeded partitioned table gets its rows through the parent, which routes each row to the partition
        // its key falls in; loading a partition directly breaks its bounds for most rows.
        var tenantTables = model.TenantTables.Select(t => catalog.FindTable(t)
            ?? throw new SeedException($"tenant table '{t}' is not in schema '{catalog.Schema}'") { Table = t.Value })
            .Where(t => t.PartitionOf is not { } parent || !model.TenantTables.Contains(parent))
            .ToList();
        var ordered = TableOrder.ParentsFirst(tenantTables);
        var seeded = ordered.Select(t => t.Name).ToHashSet();
        var globals = model.GlobalTables.ToHashSet();
        var outside = OutsideParents.Plan(ordered, model, catalog, globals, options.Rules, options);
        var sources = new ColumnPlan.Parents(catalog.Schema, seeded, globals, outside.Sources);
        var referenced = TablePlan.ReferencedColumns(ordered);
        var plans = outside.Plans.Concat(ordered.Select(t => new TablePlan(
            t,
            LeaveNull(ColumnPlan.For(t, model, sources, options.Rules), t, outside.LeftNull),
            referenced.GetValueOrDefault(t.Name) ?? [],
            options)
        {
            NeedsTenantContext = !options.SkipTriggers && TenantContext.IsReadByTriggers(t, model.ContextSetting),
        })).ToList();
        foreach (var (_, (table, foreignKey)) in outside.OwnerKeys)
        {
            plans.First(p => p.Name == table && !p.IsOutsideParent).OwnerForeignKeys.Add(foreignKey);
        }

        GlobalRows globalRows;
        IReadOnlyDictionary<ColumnPlan.Ruled, RuleValues.Resolved> ruleValues;
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            globalRows = await GlobalRows.ReadAsync(connection, catalog, globals, cancellationToken);
            ruleValues = await RuleValues.ResolveAsync(
                connection, plans.SelectMany(p => p.Written.OfType<ColumnPlan.Ruled>().Select(r => (p.Table, r))), cancellationToken);
        }

        var rootPlan = plans.FirstOrDefault(p => p.Name == model.Root && !p.IsOutsideParent);
        var rootId = rootPlan?.Written.FindIndex(c => c is ColumnPlan.TenantId) ?? -1;
        var tenants = Enumerable.Range(0, options.Tenants)
            .Select(index =>
            {
                var tenant = new TenantRows(index, new Random(TenantStream(options.Seed, index)));
                if (rootId >= 0)
                {
                    tenant.Id = rootPlan!.Sources[rootId]!(tenant.Random, index + 1, index.ToString(CultureInfo.InvariantCulture));
                }

                return tenant;
            })
            .ToArray();
        var generator = new RowGenerator(model, globalRows, ruleValues, RunTag(options.Seed),
            TenantSizes.For(options.Tenants, options.UsersPerTenant, options.Skew),
            TenantSizes.For(options.Tenants, options.RowsPerTable, options.Skew))
        {
            ParentCounts = outside.Owners,
            SoftDeleted = options.SoftDeleted,
            Epoch = options.Epoch,
        };
        var context = new TenantContext(model.ContextSetting);
        var groups = Math.Min(options.Parallelism, options.Tenants);
        var loaded = 0L;
        await Task.WhenAll(Enumerable.Range(0, groups).Select(group => Task.Run(
            () => LoadGroup(adminConnectionString, plans, [.. tenants.Where(t => t.Index % groups == group)], generator, context,
                rows => progress?.Report(string.Create(CultureInfo.InvariantCulture, $"seeded {Interlocked.Add(ref loaded, rows):N0} rows")),
                cancellationToken),
            cancellationToken)));

        return new SeedLedger(options.Seed, model.TenantKey, [.. tenants.Select(t => t.ToLedger(plans))]);
    }

    /// <summary>
    /// Loads one group of tenants on its own connection, table by table. Runs on a pool thread with synchronous
    /// writes: the importer buffers and flushes by itself, and a Task per value would cost more than the I/O.
    /// Cancellation is seen between rows on this thread: the importer is then disposed without <c>Complete</c>, which
    /// aborts the COPY on the server (nothing of it is kept), and the connection closes idle. The connection is never
    /// closed from the token's callback: that would race the COPY in progress on another thread.
    /// </summary>
    private void LoadGroup(
        string connectionString, IReadOnlyList<TablePlan> plans, TenantRows[] tenants, RowGenerator generator, TenantContext context,
        Action<long> loaded, CancellationToken cancellationToken)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        if (options.SkipTriggers)
        {
            using var replica = new NpgsqlCommand("SET session_replication_role = replica", connection);
            replica.ExecuteNonQuery();
        }

        foreach (var plan in plans)
        {
            try
            {
                var rows = plan.NeedsTenantContext
                    ? LoadPerTenant(connection, plan, tenants, generator, context, cancellationToken)
                    : Load(connection, plan, tenants, generator, cancellationToken);
                loaded(rows);
            }
            catch (PostgresException e) when (LoadErrors.IsConstraintViolation(e))
            {
                throw LoadErrors.Explain(e, plan.Table);
            }
        }
    }

    /// <summary>Loads a table's rows of every tenant in the group with one binary COPY.</summary>
    private static long Load(NpgsqlConnection connection, TablePlan plan, TenantRows[] tenants, RowGenerator generator, CancellationToken cancellationToken)
    {
        var rows = 0L;
        using var importer = connection.BeginBinaryImport(plan.CopyCommand);
        var values = new object?[plan.Written.Count];
        foreach (var tenant in tenants)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows += WriteRows(importer, plan, tenant, generator, values, cancellationToken);
        }

        importer.Complete();
        return rows;
    }

    /// <summary>
    /// Loads a table whose triggers read the tenant context: one COPY per tenant, with the connection prepared for
    /// that tenant first (so the triggers see who acts), and the context reset after.
    /// </summary>
    private static long LoadPerTenant(
        NpgsqlConnection connection, TablePlan plan, TenantRows[] tenants, RowGenerator generator, TenantContext context, CancellationToken cancellationToken)
    {
        var rows = 0L;
        var values = new object?[plan.Written.Count];
        try
        {
            foreach (var tenant in tenants)
            {
                cancellationToken.ThrowIfCancellationRequested();
                context.Prepare(connection, tenant);
                using var importer = connection.BeginBinaryImport(plan.CopyCommand);
                rows += WriteRows(importer, plan, tenant, generator, values, cancellationToken);
                importer.Complete();
            }
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                context.Reset(connection);
            }
        }

        return rows;
    }

    private static int WriteRows(
        NpgsqlBinaryImporter importer, TablePlan plan, TenantRows tenant, RowGenerator generator, object?[] values, CancellationToken cancellationToken)
    {
        var count = generator.RowCount(plan.Name, tenant.Index);
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            generator.Fill(plan, tenant, i, values);
            importer.StartRow();
            for (var c = 0; c < values.Length; c++)
            {
                Write(importer, values[c], plan.WireTypes[c]);
            }
        }

        return count;
    }

    /// <summary>Writes NULL into the columns of foreign keys whose outside table the seeder cannot fill (nullable ones only).</summary>
    private static IReadOnlyList<ColumnPlan> LeaveNull(IReadOnlyList<ColumnPlan> columns, TableInfo table, HashSet<string> foreignKeys)
    {
        var nulled = table.ForeignKeys.Where(f => foreignKeys.Contains(f.Name)).SelectMany(f => f.Columns).ToHashSet();
        return nulled.Count == 0 ? columns
            : [.. columns.Select(c => nulled.Contains(c.Column.Name) && c is ColumnPlan.Generated ? new ColumnPlan.Null(c.Column) : c)];
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

    /// <summary>
    /// The seed of a tenant's randomizer: a 64-bit mix of (seed, index) folded to 32 bits, so seeds x and -x give
    /// unrelated streams. Streams may still coincide by chance for very many tenants; ids never do, as they do not
    /// come from the stream (<see cref="ValueGenerator.UniqueGuid"/>, row numbers, unique suffixes).
    /// </summary>
    internal static int TenantStream(int seed, int index)
    {
        var mixed = ValueGenerator.Mix64(((ulong)(uint)seed << 32) | (uint)index);
        return (int)(mixed ^ (mixed >> 32));
    }

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

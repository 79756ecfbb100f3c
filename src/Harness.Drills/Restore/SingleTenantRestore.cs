using System.Globalization;
using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Restore;

/// <summary>
/// Brings one tenant back from the restored copy into the live database in one transaction: its rows deleted from every tenant
/// table (children first), then copied from the copy (<c>COPY (SELECT ... WHERE tenant) TO STDOUT</c> there, <c>COPY ... FROM
/// STDIN</c> here, binary, parents first), then every sequence those tables use set past its largest id. Nothing else is
/// touched: the selection of every statement is that tenant's key. User triggers do not fire (<c>session_replication_role = replica</c>).
/// </summary>
internal static class SingleTenantRestore
{
    /// <summary>Restores <paramref name="tenant"/>; returns the rows copied. <paramref name="alsoTouch"/> plants the collateral flaw.</summary>
    public static async Task<long> RunAsync(
        string restoredConnectionString, string liveConnectionString, TenantTables tables, string tenant, string? alsoTouch,
        CancellationToken cancellationToken)
    {
        await using var source = new NpgsqlConnection(restoredConnectionString);
        await source.OpenAsync(cancellationToken);
        await using var live = new NpgsqlConnection(liveConnectionString);
        await live.OpenAsync(cancellationToken);
        await using var transaction = await live.BeginTransactionAsync(cancellationToken);
        // The rows come whole from a consistent copy: user triggers must not rewrite them or add rows of their own (an audit
        // trigger, a child created on insert), as pg_restore --disable-triggers does. Foreign-key order is kept all the same.
        await using (var replica = new NpgsqlCommand("SET LOCAL session_replication_role = replica", live))
        {
            await replica.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var table in tables.Ordered.Reverse())
        {
            var predicate = tables.Predicate(table, tenant);
            if (alsoTouch is not null && await HasRowsAsync(live, tables, table, alsoTouch, cancellationToken))
            {
                // The planted flaw: a condition that also matches another tenant's rows, in the first table where it has some.
                predicate = $"({predicate}) OR ({tables.Predicate(table, alsoTouch)})";
                alsoTouch = null;
            }

            await using var delete = new NpgsqlCommand($"DELETE FROM {tables.Qualified(table)} WHERE {predicate}", live);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        long copied = 0;
        foreach (var table in tables.Ordered)
        {
            var columns = string.Join(", ", table.Columns.Where(c => !c.IsGenerated).OrderBy(c => c.Ordinal).Select(c => SqlIdentifier.Quote(c.Name)));
            {
                await using var reader = await source.BeginRawBinaryCopyAsync(
                    $"COPY (SELECT {columns} FROM {tables.Qualified(table)} WHERE {tables.Predicate(table, tenant)}) TO STDOUT (FORMAT BINARY)", cancellationToken);
                await using var writer = await live.BeginRawBinaryCopyAsync($"COPY {tables.Qualified(table)} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
                await reader.CopyToAsync(writer, cancellationToken);
            }

            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {tables.Qualified(table)} WHERE {tables.Predicate(table, tenant)}", live);
            copied += (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        foreach (var (table, column, sequence) in await SequencesAsync(live, tables, cancellationToken))
        {
            await using var advance = new NpgsqlCommand(
                $"SELECT setval({SqlLiteral.Quote(sequence)}, max({SqlIdentifier.Quote(column)})) FROM {table} "
                + $"HAVING max({SqlIdentifier.Quote(column)}) > (SELECT last_value FROM {sequence})", live);
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    private static async Task<bool> HasRowsAsync(NpgsqlConnection connection, TenantTables tables, Catalog.TableInfo table, string tenant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {tables.Qualified(table)} WHERE {tables.Predicate(table, tenant)})", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Every sequence a column of the tenant tables takes its default from (serial or identity): table, column, sequence.</summary>
    public static async Task<IReadOnlyList<(string Table, string Column, string Sequence)>> SequencesAsync(
        NpgsqlConnection connection, TenantTables tables, CancellationToken cancellationToken)
    {
        var found = new List<(string, string, string)>();
        foreach (var table in tables.Ordered)
        {
            foreach (var column in table.Columns.Where(c => c.TypeName is "int2" or "int4" or "int8"))
            {
                await using var command = new NpgsqlCommand("SELECT pg_get_serial_sequence($1, $2)", connection);
                command.Parameters.AddWithValue(tables.Qualified(table));
                command.Parameters.AddWithValue(column.Name);
                if (await command.ExecuteScalarAsync(cancellationToken) is string sequence)
                {
                    found.Add((tables.Qualified(table), column.Name, sequence));
                }
            }
        }

        return found;
    }

    /// <summary>Sequences whose last value is below the largest id of the column they serve, as "sequence (last value) below column max".</summary>
    public static async Task<IReadOnlyList<string>> SequencesBehindAsync(string connectionString, TenantTables tables, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var behind = new List<string>();
        foreach (var (table, column, sequence) in await SequencesAsync(connection, tables, cancellationToken))
        {
            await using var command = new NpgsqlCommand(
                $"SELECT (SELECT last_value FROM {sequence}), max({SqlIdentifier.Quote(column)}) FROM {table}", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var last = reader.GetInt64(0);
            if (!reader.IsDBNull(1) && Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) > last)
            {
                behind.Add(string.Create(CultureInfo.InvariantCulture, $"{sequence} is at {last}, below the largest {table}.{column} ({reader.GetValue(1)})"));
            }
        }

        return behind;
    }
}

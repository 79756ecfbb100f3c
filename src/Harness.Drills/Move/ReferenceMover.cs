using Harness.Sql;
using Npgsql;

namespace Harness.Drills.Move;

/// <summary>
/// The reference tenant move, small on purpose so a team can read it next to its own mover: (1) copy the tenant's rows of every
/// tenant table into the destination, parents before children, each with <c>COPY (SELECT ... WHERE tenant) TO STDOUT</c> piped
/// into <c>COPY ... FROM STDIN</c> (a table without the tenant key selected through the join to its tenant-keyed parent);
/// (2) once copied, delete them from the source, children first, in one transaction. Verifying in between is the caller's
/// part (<see cref="MoveVerifier"/>).
/// </summary>
internal static class ReferenceMover
{
    /// <summary>
    /// Copies <paramref name="tenant"/>'s rows of <paramref name="tables"/> from <paramref name="source"/> to <paramref name="destination"/>
    /// in one destination transaction. The copy runs with <c>session_replication_role = replica</c>, as
    /// <c>pg_restore --disable-triggers</c> does: the app's triggers must not fire again for rows that are only moving (a
    /// trigger that writes a child row would write it twice). That also leaves the destination's foreign keys unchecked while
    /// copying, which is why what arrived is verified afterwards, not assumed. Needs a superuser on the destination.
    /// </summary>
    public static async Task CopyAsync(
        string source, string sourceSchema, string destination, string destinationSchema, TenantTables tables, string tenant, MoverFlaw flaw,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var forgotten = flaw == MoverFlaw.ForgetsChildTable
            ? tables.InForeignKeyOrder.Last(t => t.Name != tables.Tenancy.Root).Name
            : null;
        await using var from = new NpgsqlConnection(source);
        await using var to = new NpgsqlConnection(destination);
        await from.OpenAsync(cancellationToken);
        await to.OpenAsync(cancellationToken);
        // Every table is read from one snapshot of the source, so a write racing the move cannot split a parent from its children.
        await using var reading = await from.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var transaction = await to.BeginTransactionAsync(cancellationToken);
        await using (var replica = new NpgsqlCommand("SET LOCAL session_replication_role = replica", to, transaction))
        {
            await replica.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var table in tables.InForeignKeyOrder.Where(t => t.Name != forgotten))
        {
            var columns = string.Join(", ", table.Columns.Select(SqlIdentifier.Quote));
            var selected = string.Join(", ", table.Columns.Select(c => "r0." + SqlIdentifier.Quote(c)));
            var onlyTenant = flaw == MoverFlaw.CopiesOtherTenantsThroughForeignKey && !table.CarriesKey
                ? "" // the flaw: the join reaches the parent, but nothing restricts the parent to the tenant
                : $" WHERE {table.TenantExpression} = {SqlLiteral.Quote(tenant)}";
            await using var rows = await from.BeginRawBinaryCopyAsync(
                $"COPY (SELECT {selected} FROM {table.From(sourceSchema)}{onlyTenant}) TO STDOUT (FORMAT binary)", cancellationToken);
            await using var writing = await to.BeginRawBinaryCopyAsync(
                $"COPY {SqlIdentifier.Quote(destinationSchema, table.Name)} ({columns}) FROM STDIN (FORMAT binary)", cancellationToken);
            await rows.CopyToAsync(writing, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await reading.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes <paramref name="tenant"/>'s rows of every tenant table from <paramref name="source"/>, children first, in one transaction.</summary>
    public static async Task DeleteAsync(string source, string schema, TenantTables tables, string tenant, MoverFlaw flaw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        await using var connection = new NpgsqlConnection(source);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in tables.InForeignKeyOrder.Reverse())
        {
            if (flaw == MoverFlaw.LeavesLeftovers && table.Name == tables.Tenancy.Root)
            {
                continue; // the flaw: the tenant's own row stays in the pool
            }

            // By row identity (tableoid and ctid: partitions included), so a table reached through foreign keys is deleted
            // through the same join it was copied by.
            await using var command = new NpgsqlCommand(
                $"DELETE FROM {SqlIdentifier.Quote(schema, table.Name)} WHERE (tableoid, ctid) IN "
                + $"(SELECT r0.tableoid, r0.ctid FROM {table.From(schema)} WHERE {table.TenantExpression} = @tenant)",
                connection, transaction);
            command.Parameters.AddWithValue("tenant", tenant);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

using Harness.Model;
using Npgsql;
using NpgsqlTypes;

namespace Harness.Scenarios.Rls;

/// <summary>
/// Runs probes on a few app-role connections in parallel. Every probe is one transaction: BEGIN, the tenant context's
/// steps, set_config(..., true) for any other setting and the statement in one round trip, then ROLLBACK, so no probe
/// ever changes data. Free-SQL context steps, whose results cannot be counted, run first, one round trip each.
/// Probes without tenant context run first, while no connection has set the context yet: once a session has set a
/// custom setting, even transaction-locally, current_setting(name, true) returns '' there instead of NULL, and "not set"
/// could no longer be tested. A failure of a context step is reported as such (<see cref="ProbeOutcome.FailedStep"/>).
/// </summary>
internal static class ProbeRunner
{
    private const string SetConfig = "SELECT set_config(s.n, s.v, true) FROM unnest($1::text[], $2::text[]) AS s(n, v)";
    private const int Attempts = 4;

    public static async Task<ProbeOutcome[]> RunAsync(
        IReadOnlyList<NpgsqlConnection> connections, IReadOnlyList<Probe> probes, string contextSetting,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var outcomes = new ProbeOutcome[probes.Count];
        var order = Enumerable.Range(0, probes.Count).ToList();
        int[] withoutContext = [.. order.Where(i => probes[i].Context == TenantContext.None)];
        int[] rest = [.. order.Where(i => probes[i].Context != TenantContext.None)];
        await RunPhaseAsync(connections, probes, withoutContext, outcomes, contextSetting, cancellationToken);
        progress?.Report($"rls: {withoutContext.Length} probes without tenant context done, {rest.Length} to go");
        await RunPhaseAsync(connections, probes, rest, outcomes, contextSetting, cancellationToken);
        return outcomes;
    }

    private static async Task RunPhaseAsync(
        IReadOnlyList<NpgsqlConnection> connections, IReadOnlyList<Probe> probes, int[] indexes, ProbeOutcome[] outcomes,
        string contextSetting, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(connections.Select(async connection =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < indexes.Length)
            {
                var index = indexes[i];
                outcomes[index] = await RunAsync(connection, probes[index], contextSetting, cancellationToken);
            }
        }));
    }

    public static async Task<ProbeOutcome> RunAsync(NpgsqlConnection connection, Probe probe, string contextSetting, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(connection, probe, contextSetting, cancellationToken);
            }
            catch (PostgresException e) when (IsTransient(e) && attempt < Attempts)
            {
                // Deadlocks and lock timeouts between parallel probes (cascading deletes, foreign-key locks): try again.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
            }
        }
    }

    private static async Task<ProbeOutcome> RunOnceAsync(NpgsqlConnection connection, Probe probe, string contextSetting, CancellationToken cancellationToken)
    {
        var readContext = probe.Context == TenantContext.None;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // Setup statements whose result sets are known go into the probe's batch; free SQL runs before it.
            var inline = probe.Setup.All(s => s.ResultSets is not null);
            var setup = new Dictionary<NpgsqlBatchCommand, ContextStatement>(ReferenceEqualityComparer.Instance);
            if (!inline)
            {
                // One round trip per step, so an error names the step that raised it.
                foreach (var step in probe.Setup)
                {
                    await using var command = new NpgsqlCommand(step.Sql, connection, transaction);
                    foreach (var parameter in step.Parameters)
                    {
                        command.Parameters.Add(Parameter(parameter));
                    }

                    try
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    }
                    catch (PostgresException e) when (!IsTransient(e))
                    {
                        return new ProbeOutcome(0, [], e.SqlState, e.MessageText, null, step);
                    }
                }
            }

            await using var batch = new NpgsqlBatch(connection, transaction);
            var skipped = 0;
            if (inline)
            {
                foreach (var step in probe.Setup)
                {
                    batch.BatchCommands.Add(Command(step, setup));
                    skipped += step.ResultSets ?? 0;
                }
            }

            if (probe.Settings.Count > 0)
            {
                var set = new NpgsqlBatchCommand(SetConfig);
                set.Parameters.Add(Parameter(probe.Settings.Select(s => s.Key).ToArray()));
                set.Parameters.Add(Parameter(probe.Settings.Select(s => s.Value).ToArray()));
                batch.BatchCommands.Add(set);
                skipped++;
            }

            if (readContext)
            {
                var read = new NpgsqlBatchCommand("SELECT current_setting($1, true)");
                read.Parameters.Add(Parameter(contextSetting));
                batch.BatchCommands.Add(read);
            }

            var statement = new NpgsqlBatchCommand(probe.Sql);
            foreach (var parameter in probe.Parameters)
            {
                statement.Parameters.Add(Parameter(parameter));
            }

            batch.BatchCommands.Add(statement);
            string? seen = null;
            var rows = new List<ProbeRow>();
            try
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                var hasResult = true;
                for (var i = 0; i < skipped && hasResult; i++)
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                    }

                    hasResult = await reader.NextResultAsync(cancellationToken);
                }

                if (readContext && hasResult)
                {
                    if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
                    {
                        seen = reader.GetString(0);
                    }

                    hasResult = await reader.NextResultAsync(cancellationToken);
                }

                if (probe.ReturnsRows && hasResult)
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        rows.Add(reader.FieldCount >= 3
                            ? new ProbeRow(reader.IsDBNull(0) ? null : reader.GetString(0), !reader.IsDBNull(1) && reader.GetBoolean(1), reader.IsDBNull(2) ? "null" : reader.GetString(2))
                            : new ProbeRow(null, false, reader.IsDBNull(0) ? "null" : reader.GetString(0)));
                    }
                }

                await reader.CloseAsync();
            }
            catch (PostgresException e) when (!IsTransient(e))
            {
                return Failure(e, setup, seen);
            }

            return new ProbeOutcome(probe.ReturnsRows ? -1 : statement.RecordsAffected, rows, null, null, seen);
        }
        finally
        {
            await transaction.RollbackAsync(cancellationToken);
        }
    }

    private static NpgsqlBatchCommand Command(ContextStatement step, Dictionary<NpgsqlBatchCommand, ContextStatement> setup)
    {
        var command = new NpgsqlBatchCommand(step.Sql);
        foreach (var parameter in step.Parameters)
        {
            command.Parameters.Add(Parameter(parameter));
        }

        setup[command] = step;
        return command;
    }

    /// <summary>The error as an outcome, naming the context step when one of them raised it.</summary>
    private static ProbeOutcome Failure(PostgresException e, Dictionary<NpgsqlBatchCommand, ContextStatement> setup, string? seen) =>
        new(0, [], e.SqlState, e.MessageText, seen, e.BatchCommand is { } failed ? setup.GetValueOrDefault(failed) : null);

    private static bool IsTransient(PostgresException e) =>
        e.SqlState.StartsWith("40", StringComparison.Ordinal) || e.SqlState == PostgresErrorCodes.LockNotAvailable;

    private static NpgsqlParameter Parameter(object value) => value switch
    {
        string text => new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Text },
        string[] items => new NpgsqlParameter { Value = items, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        _ => throw new ArgumentException($"unsupported probe parameter {value.GetType().Name}", nameof(value)),
    };
}

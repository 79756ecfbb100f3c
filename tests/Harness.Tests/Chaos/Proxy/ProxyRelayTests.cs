using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Chaos.Proxy;

/// <summary>The proxy relays the whole protocol: extended queries, COPY both ways, large rows, errors and cancel requests.</summary>
public sealed class ProxyRelayTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queries_are_relayed_and_a_data_query_without_context_is_reported_unset_with_its_rows()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);

        await using var select = new NpgsqlCommand("SELECT id FROM orders ORDER BY id", connection);
        var ids = new List<int>();
        await using (var reader = await select.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                ids.Add(reader.GetInt32(0));
            }
        }

        await using var update = new NpgsqlCommand("UPDATE orders SET note = @note WHERE tenant_id = @tenant", connection);
        update.Parameters.AddWithValue("note", "changed");
        update.Parameters.AddWithValue("tenant", 2);
        var updated = await update.ExecuteNonQueryAsync(Token);

        ids.Should().Equal(1, 2, 3, 4, 5);
        updated.Should().Be(2);
        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE note = 'changed'", Token)).Should().Be(2);
        var queries = bed.Events<DataQueryEvent>();
        queries.Should().HaveCount(2);
        queries[0].Should().Match<DataQueryEvent>(e => e.State == ContextState.Unset && e.Rows == 5 && e.ContextValue == null && !e.QueueClaim);
        queries[0].Tables.Should().Equal("orders");
        queries[1].Should().Match<DataQueryEvent>(e => e.State == ContextState.Unset && e.Rows == 2);
        bed.Proxy.Counters.MessagesToServer.Should().BeGreaterThan(0);
        bed.Proxy.Counters.BytesToClient.Should().BeGreaterThan(0);
        bed.Proxy.Connections().Should().ContainSingle(c => c.BackendPid == connection.ProcessID && c.Database == connection.Database);
    }

    [Fact]
    public async Task Copy_in_and_out_and_rows_larger_than_the_buffer_pass_through_untouched()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);

        await using (var import = await connection.BeginBinaryImportAsync("COPY orders (id, tenant_id, note) FROM STDIN (FORMAT BINARY)", Token))
        {
            for (var id = 100; id < 2100; id++)
            {
                await import.StartRowAsync(Token);
                await import.WriteAsync(id, Token);
                await import.WriteAsync(3, Token);
                await import.WriteAsync(new string('n', id % 50), Token);
            }

            (await import.CompleteAsync(Token)).Should().Be(2000);
        }

        string exported;
        using (var export = await connection.BeginTextExportAsync("COPY (SELECT id, note FROM orders WHERE tenant_id = 3 ORDER BY id) TO STDOUT", Token))
        {
            exported = await export.ReadToEndAsync(Token);
        }

        await using var big = new NpgsqlCommand("SELECT repeat('x', 300000)", connection);
        var text = (string)(await big.ExecuteScalarAsync(Token))!;

        exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2000).And.StartWith("100\t");
        text.Should().HaveLength(300000).And.MatchRegex("^x+$");
        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE tenant_id = 3", Token)).Should().Be(2000);
        bed.Events<DataQueryEvent>().Should().Contain(e => e.Statement.StartsWith("COPY orders", StringComparison.Ordinal) && e.Rows == 2000);
    }

    [Fact]
    public async Task Server_errors_are_relayed_and_the_connection_stays_usable()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);

        await using var failing = new NpgsqlCommand("SELECT id / 0 FROM orders", connection);
        var error = await FluentActions.Awaiting(() => failing.ExecuteScalarAsync(Token)).Should().ThrowAsync<PostgresException>();
        await using var after = new NpgsqlCommand("SELECT count(*) FROM orders", connection);
        var count = await after.ExecuteScalarAsync(Token);

        error.Which.SqlState.Should().Be("22012");
        count.Should().Be(5L);
        bed.Events<DataQueryEvent>().Should().ContainSingle().Which.Rows.Should().Be(1);
    }

    [Fact]
    public async Task A_cancel_request_reaches_the_server()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);
        await using var sleep = new NpgsqlCommand("SELECT pg_sleep(60) /* cancel me */", connection);
        var running = sleep.ExecuteNonQueryAsync(Token);

        await WaitUntilActiveAsync(bed, connection.ProcessID);
        sleep.Cancel();
        var error = await FluentActions.Awaiting(() => running).Should().ThrowAsync<OperationCanceledException>();

        error.Which.InnerException.Should().BeOfType<PostgresException>().Which.SqlState.Should().Be("57014");
        bed.Proxy.Counters.Connections.Should().Be(2);
        bed.Proxy.TranscriptOf(2).Should().Contain(l => l.EndsWith("> cancel request (forwarded)", StringComparison.Ordinal));
    }

    /// <summary>Waits (polling the server, no fixed delay) until the backend runs the statement.</summary>
    internal static async Task WaitUntilActiveAsync(ProxyTestBed bed, int pid)
    {
        await using var admin = await bed.OpenDirectAsync(Token);
        await using var probe = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid AND state = 'active' AND wait_event = 'PgSleep'", admin);
        probe.Parameters.AddWithValue("pid", pid);
        while ((long)(await probe.ExecuteScalarAsync(Token))! == 0)
        {
            Token.ThrowIfCancellationRequested();
        }
    }
}

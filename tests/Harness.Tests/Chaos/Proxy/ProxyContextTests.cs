using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Chaos.Proxy;

/// <summary>
/// How each connection sets its tenant context, seen on the wire: transaction-local or session scope, inherited by later
/// transactions, cleared by RESET / DISCARD ALL (Npgsql's pool reset), in the extended and the simple protocol.
/// </summary>
public sealed class ProxyContextTests(PostgresFixture postgres)
{
    private const string Setting = ProxyTestBed.Setting;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_local_set_config_in_a_transaction_is_this_transactions_context_and_dies_with_it()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);

        await using (var transaction = await connection.BeginTransactionAsync(Token))
        {
            await ExecuteAsync(connection, $"SELECT set_config('{Setting}', @tenant, true)", ("tenant", "1"));
            (await CountAsync(connection, "SELECT id FROM orders WHERE tenant_id = 1")).Should().Be(3);
            await transaction.CommitAsync(Token);
        }

        await using (var transaction = await connection.BeginTransactionAsync(Token))
        {
            (await CountAsync(connection, "SELECT id FROM orders")).Should().Be(5);
            await transaction.CommitAsync(Token);
        }

        var set = bed.Events<ContextSetEvent>().Should().ContainSingle().Subject;
        set.Should().Match<ContextSetEvent>(e => e.Setting == Setting && e.Value == "1" && e.Scope == ContextScope.Local
            && e.How == "set_config(..., true)" && e.InTransaction);
        var queries = bed.Events<DataQueryEvent>();
        queries.Should().HaveCount(2);
        queries[0].Should().Match<DataQueryEvent>(e => e.State == ContextState.ThisTransaction && e.ContextValue == "1" && e.Rows == 3);
        queries[1].Should().Match<DataQueryEvent>(e => e.State == ContextState.Unset && e.ContextValue == null && e.Rows == 5);
    }

    [Fact]
    public async Task A_session_value_is_inherited_by_the_next_transactions_of_the_same_client()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);

        await ExecuteAsync(connection, $"SET {Setting} = '2'");
        (await CountAsync(connection, "SELECT id FROM orders WHERE tenant_id = 2")).Should().Be(2);
        await ExecuteAsync(connection, $"SELECT set_config('{Setting}', '1', false)");
        await using (var transaction = await connection.BeginTransactionAsync(Token))
        {
            (await CountAsync(connection, "SELECT id FROM orders WHERE tenant_id = 1")).Should().Be(3);
            await transaction.CommitAsync(Token);
        }

        var sets = bed.Events<ContextSetEvent>();
        sets.Select(e => (e.Value, e.Scope, e.How, e.InTransaction)).Should().Equal(
            ("2", ContextScope.Session, "SET", false), ("1", ContextScope.Session, "set_config(..., false)", false));
        var queries = bed.Events<DataQueryEvent>();
        queries.Select(e => (e.State, e.ContextValue)).Should().Equal((ContextState.Inherited, "2"), (ContextState.Inherited, "1"));
        queries.Should().OnlyContain(e => e.Client == $"c{e.Connection}" && e.ContextClient == e.Client);
        bed.Proxy.Connections().Should().ContainSingle().Which.ContextValue.Should().Be("1");
    }

    [Fact]
    public async Task Reset_and_discard_all_clear_a_session_value()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);

        await ExecuteAsync(connection, $"SET SESSION {Setting} TO 2");
        await ExecuteAsync(connection, $"RESET {Setting}");
        await CountAsync(connection, "SELECT id FROM orders");
        await ExecuteAsync(connection, $"SET \"app\".\"tenant_id\" = '1'");
        await ExecuteAsync(connection, "DISCARD ALL");
        await CountAsync(connection, "SELECT id FROM orders");

        bed.Events<ContextSetEvent>().Select(e => (e.Value, e.How)).Should().Equal(("2", "SET"), (null, "RESET"), ("1", "SET"), (null, "DISCARD ALL"));
        bed.Events<DataQueryEvent>().Should().HaveCount(2).And.OnlyContain(e => e.State == ContextState.Unset);
    }

    [Fact]
    public async Task Npgsql_resets_a_pooled_connection_with_discard_all_which_clears_the_context()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        int firstPid;
        await using (var first = await bed.OpenAsync(Token, pooling: true))
        {
            firstPid = first.ProcessID;
            await ExecuteAsync(first, $"SET {Setting} = '1'");
        }

        await using var second = await bed.OpenAsync(Token, pooling: true);
        (await CountAsync(second, "SELECT id FROM orders")).Should().Be(5);

        second.ProcessID.Should().Be(firstPid, "the pool hands out the same physical connection");
        bed.Events<ContextSetEvent>().Select(e => (e.Value, e.How)).Should().Equal(("1", "SET"), (null, "DISCARD ALL"));
        bed.Events<DataQueryEvent>().Should().ContainSingle().Which.State.Should().Be(ContextState.Unset);
    }

    [Fact]
    public async Task A_simple_query_with_several_statements_is_split_and_runs_in_one_implicit_transaction()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);

        var (exitCode, output, error) = await bed.PsqlAsync(
            $"SET {Setting} = '2'; SELECT count(*) FROM \"{bed.Schema}\".orders WHERE note <> ';'; UPDATE \"{bed.Schema}\".\"orders\" SET note = 'x;y' WHERE tenant_id = 2",
            Token);

        exitCode.Should().Be(0, error + output);
        bed.Events<ContextSetEvent>().Should().ContainSingle().Which.Value.Should().Be("2");
        var queries = bed.Events<DataQueryEvent>();
        queries.Select(e => (e.State, e.Rows)).Should().Equal((ContextState.ThisTransaction, 1L), (ContextState.ThisTransaction, 2L));
        queries[1].Statement.Should().Be($"UPDATE \"{bed.Schema}\".\"orders\" SET note = '?' WHERE tenant_id = 2");
    }

    [Fact]
    public async Task A_skip_locked_claim_is_marked_as_a_queue_claim()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);

        await using (var transaction = await connection.BeginTransactionAsync(Token))
        {
            (await CountAsync(connection, "SELECT id FROM jobs WHERE status = 'new' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")).Should().Be(1);
            (await CountAsync(connection, "SELECT j.id FROM jobs j WHERE status = 'new' FOR NO KEY UPDATE OF j SKIP LOCKED")).Should().Be(2);
            (await CountAsync(connection, "SELECT id FROM jobs FOR UPDATE")).Should().Be(3);
            await transaction.CommitAsync(Token);
        }

        bed.Events<DataQueryEvent>().Select(e => (e.QueueClaim, e.Rows)).Should().Equal((true, 1L), (true, 2L), (false, 3L));
    }

    [Fact]
    public async Task The_tagging_proxy_rewrites_application_name_with_the_client_id()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, o => o with { TagApplicationName = true }, Token);
        await using var connection = await bed.OpenAsync(Token, applicationName: "shop");

        await using var name = new NpgsqlCommand("SELECT current_setting('application_name')", connection);
        var applicationName = (string)(await name.ExecuteScalarAsync(Token))!;

        var id = bed.Proxy.Connections().Should().ContainSingle().Subject.Id;
        applicationName.Should().Be($"shop#c{id}");
        bed.Proxy.Connections().Single().ClientTag.Should().Be($"c{id}");
    }

    [Fact]
    public async Task Behind_a_pooler_set_application_name_names_the_client_and_a_context_left_by_another_client_is_reported()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);

        await ExecuteAsync(connection, "SET application_name = 'web#c12'");
        await ExecuteAsync(connection, $"SET {Setting} = '1'");
        await CountAsync(connection, "SELECT id FROM orders");
        await ExecuteAsync(connection, "SET application_name='web#c13'");
        await CountAsync(connection, "SELECT id FROM orders");

        var queries = bed.Events<DataQueryEvent>();
        queries.Select(e => (e.State, e.Client, e.ContextClient)).Should().Equal(
            (ContextState.Inherited, "c12", "c12"), (ContextState.InheritedFromOtherClient, "c13", "c12"));
        queries.Should().OnlyContain(e => e.ContextValue == "1");
        bed.Proxy.Connections().Single().ClientTag.Should().Be("c13");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        await command.ExecuteNonQueryAsync(Token);
    }

    private static async Task<int> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        var rows = 0;
        while (await reader.ReadAsync(Token))
        {
            rows++;
        }

        return rows;
    }
}

using System.Diagnostics;
using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Chaos.Proxy;

/// <summary>Each fault fires once, where it should and only there, and leaves the server in the state it promises.</summary>
public sealed class ProxyFaultTests(PostgresFixture postgres)
{
    private const string Setting = ProxyTestBed.Setting;
    private static readonly TimeSpan FireTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cut_after_context_drops_the_connection_before_the_data_query_reaches_the_server()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        var armed = bed.Proxy.Arm(new ArmedFault(FaultKind.CutAfterContext));
        await using var connection = await bed.OpenAsync(Token);

        await ExecuteAsync(connection, "INSERT INTO orders VALUES (10, 1, 'before any context')");
        armed.Fired.IsCompleted.Should().BeFalse("no context statement came before that data query");
        var transaction = await connection.BeginTransactionAsync(Token);
        await ExecuteAsync(connection, $"SELECT set_config('{Setting}', '1', true)");
        var insert = () => ExecuteAsync(connection, "INSERT INTO orders VALUES (11, 1, 'after the context')");

        await insert.Should().ThrowAsync<NpgsqlException>();
        var fault = await armed.Fired.WaitAsync(FireTimeout, Token);

        fault.Kind.Should().Be(FaultKind.CutAfterContext);
        fault.Detail.Should().Contain($"set_config({Setting})");
        connection.State.Should().NotBe(System.Data.ConnectionState.Open);
        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE id = 10", Token)).Should().Be(1);
        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE id = 11", Token)).Should().Be(0, "the data query never reached the server");
        bed.Proxy.Counters.FaultsFired.Should().Be(1);
        await transaction.DisposeAsync();
    }

    [Fact]
    public async Task A_tenant_filter_fires_only_on_a_connection_with_that_tenants_context()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        var armed = bed.Proxy.Arm(new ArmedFault(FaultKind.CutAfterContext) { TenantValue = "2" });

        await using (var tenantOne = await bed.OpenAsync(Token))
        {
            await ExecuteAsync(tenantOne, $"SET {Setting} = '1'");
            await ExecuteAsync(tenantOne, "SELECT count(*) FROM orders");
        }

        armed.Fired.IsCompleted.Should().BeFalse("tenant 1's connection does not match the filter");
        await using var tenantTwo = await bed.OpenAsync(Token);
        await ExecuteAsync(tenantTwo, $"SET {Setting} = '2'");
        await FluentActions.Awaiting(() => ExecuteAsync(tenantTwo, "SELECT count(*) FROM orders")).Should().ThrowAsync<NpgsqlException>();

        var fault = await armed.Fired.WaitAsync(FireTimeout, Token);
        fault.Connection.Should().Be(2);
    }

    [Fact]
    public async Task Cut_after_commit_sent_fails_the_client_but_the_server_commits()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        var armed = bed.Proxy.Arm(new ArmedFault(FaultKind.CutAfterCommitSent));
        await using var connection = await bed.OpenAsync(Token);
        var transaction = await connection.BeginTransactionAsync(Token);
        await ExecuteAsync(connection, "INSERT INTO orders VALUES (20, 1, 'ambiguous')");
        armed.Fired.IsCompleted.Should().BeFalse("nothing was committed yet");

        await FluentActions.Awaiting(() => transaction.CommitAsync(Token)).Should().ThrowAsync<Exception>();
        var fault = await armed.Fired.WaitAsync(FireTimeout, Token);

        fault.Kind.Should().Be(FaultKind.CutAfterCommitSent);
        // The same key from another connection waits for the cut transaction to end, then conflicts: it committed.
        (await bed.ScalarAsync("WITH i AS (INSERT INTO orders VALUES (20, 2, 'probe') ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM i", Token))
            .Should().Be(0);
        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE id = 20 AND note = 'ambiguous'", Token)).Should().Be(1);
        await transaction.DisposeAsync();
    }

    [Fact]
    public async Task A_serialization_failure_replaces_the_data_querys_reply_and_aborts_the_transaction_upstream()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        ArmedHandle armed;
        await using (var connection = await bed.OpenAsync(Token))
        {
            await using var transaction = await connection.BeginTransactionAsync(Token);
            await ExecuteAsync(connection, "INSERT INTO orders VALUES (30, 1, 'rolled back')");
            armed = bed.Proxy.Arm(new ArmedFault(FaultKind.ErrorReply) { SqlState = "40001" });
            await ExecuteAsync(connection, $"SELECT set_config('{Setting}', '1', true)");
            armed.Fired.IsCompleted.Should().BeFalse("a context statement is not a data query");

            var error = await FluentActions.Awaiting(() => ExecuteAsync(connection, "SELECT count(*) FROM orders")).Should().ThrowAsync<PostgresException>();

            error.Which.SqlState.Should().Be("40001");
            error.Which.MessageText.Should().Be("injected by harness chaos");
            error.Which.Severity.Should().Be("ERROR");
            try
            {
                // Had the server's transaction survived, this would commit row 30.
                await transaction.CommitAsync(Token);
            }
            catch (PostgresException)
            {
                // The client may well be told the transaction is aborted.
            }

            (await CountRowsAsync(connection, "SELECT id FROM orders")).Should().Be(5, "the connection works after the rollback");
        }

        (await armed.Fired.WaitAsync(FireTimeout, Token)).Kind.Should().Be(FaultKind.ErrorReply);
        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE id = 30", Token)).Should().Be(0);
        await using var next = await bed.OpenAsync(Token);
        await using (var retry = await next.BeginTransactionAsync(Token))
        {
            await ExecuteAsync(next, "INSERT INTO orders VALUES (30, 1, 'retried')");
            await retry.CommitAsync(Token);
        }

        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE id = 30", Token)).Should().Be(1);
    }

    [Fact]
    public async Task An_injected_error_on_an_autocommit_statement_leaves_nothing_behind()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        var armed = bed.Proxy.Arm(new ArmedFault(FaultKind.ErrorReply) { SqlState = "40001" });
        await using var connection = await bed.OpenAsync(Token);

        var error = await FluentActions.Awaiting(() => ExecuteAsync(connection, "INSERT INTO orders VALUES (31, 1, 'never')")).Should().ThrowAsync<PostgresException>();
        await ExecuteAsync(connection, "INSERT INTO orders VALUES (32, 1, 'fine')");

        error.Which.SqlState.Should().Be("40001");
        await armed.Fired.WaitAsync(FireTimeout, Token);
        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE id IN (31, 32)", Token)).Should().Be(1);
        bed.Events<DataQueryEvent>().Should().ContainSingle().Which.Rows.Should().Be(1);
    }

    [Fact]
    public async Task An_injected_error_in_a_simple_query_replaces_the_data_statement()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        var armed = bed.Proxy.Arm(new ArmedFault(FaultKind.ErrorReply) { SqlState = "40001" });

        var (exitCode, _, error) = await bed.PsqlAsync(
            $"SET {Setting} = '1'; INSERT INTO \"{bed.Schema}\".orders VALUES (33, 1, 'never'); SELECT 1", Token);

        exitCode.Should().NotBe(0);
        error.Should().Contain("injected by harness chaos");
        await armed.Fired.WaitAsync(FireTimeout, Token);
        (await bed.ScalarAsync("SELECT count(*) FROM orders WHERE id = 33", Token)).Should().Be(0);
    }

    [Fact]
    public async Task An_admin_shutdown_error_is_fatal_and_closes_the_connection()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        var armed = bed.Proxy.Arm(new ArmedFault(FaultKind.ErrorReply) { SqlState = "57P01" });
        await using var connection = await bed.OpenAsync(Token);

        var error = await FluentActions.Awaiting(() => ExecuteAsync(connection, "SELECT count(*) FROM orders")).Should().ThrowAsync<PostgresException>();

        error.Which.SqlState.Should().Be("57P01");
        error.Which.Severity.Should().Be("FATAL");
        connection.State.Should().NotBe(System.Data.ConnectionState.Open);
        (await armed.Fired.WaitAsync(FireTimeout, Token)).Detail.Should().StartWith("FATAL 57P01");
    }

    [Fact]
    public async Task Reset_breaks_the_connection_at_its_next_message()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);
        var armed = bed.Proxy.Arm(new ArmedFault(FaultKind.Reset));

        await FluentActions.Awaiting(() => ExecuteAsync(connection, "SELECT 1")).Should().ThrowAsync<NpgsqlException>();

        (await armed.Fired.WaitAsync(FireTimeout, Token)).Kind.Should().Be(FaultKind.Reset);
        connection.State.Should().NotBe(System.Data.ConnectionState.Open);
    }

    [Fact]
    public async Task Timeout_holds_the_connection_silent_for_its_duration_then_closes_it()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);
        var duration = TimeSpan.FromMilliseconds(700);
        bed.Proxy.Arm(new ArmedFault(FaultKind.Timeout) { Duration = duration });
        var clock = Stopwatch.StartNew();

        await FluentActions.Awaiting(() => ExecuteAsync(connection, "SELECT 1")).Should().ThrowAsync<NpgsqlException>();

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(duration - TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Latency_delays_the_connections_messages()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        await using var connection = await bed.OpenAsync(Token);
        var latency = TimeSpan.FromMilliseconds(150);
        var armed = bed.Proxy.Arm(new ArmedFault(FaultKind.Latency) { Latency = latency, Jitter = TimeSpan.Zero, Duration = TimeSpan.FromSeconds(30) });
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 3; i++)
        {
            await ExecuteAsync(connection, "SELECT 1");
        }

        // Each round trip is delayed once each way.
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(latency * 6);
        (await armed.Fired.WaitAsync(FireTimeout, Token)).Kind.Should().Be(FaultKind.Latency);
    }

    [Fact]
    public async Task Faults_the_proxy_does_not_inject_and_bad_options_are_refused()
    {
        var options = new PgProxyOptions { UpstreamHost = "127.0.0.1", UpstreamPort = 5432 };
        FluentActions.Invoking(() => new FaultInjector(0).Arm(new ArmedFault(FaultKind.Restart)))
            .Should().Throw<ChaosProxyException>().WithMessage("*Restart is not injected by the proxy*");
        FluentActions.Invoking(() => new FaultInjector(0).Arm(new ArmedFault(FaultKind.ErrorReply) { SqlState = "4001" }))
            .Should().Throw<ChaosProxyException>().WithMessage("*'4001'*");
        await FluentActions.Awaiting(() => PgFaultProxy.StartAsync(options with { UpstreamPort = 0 }, Token))
            .Should().ThrowAsync<ChaosProxyException>();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static async Task<int> CountRowsAsync(NpgsqlConnection connection, string sql)
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

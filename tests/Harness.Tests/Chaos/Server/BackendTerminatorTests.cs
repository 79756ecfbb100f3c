using FluentAssertions;
using Harness.Chaos.Server;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Chaos.Server;

/// <summary>
/// Terminating a backend held in a transaction: the role's working backends are found (an idle one is not), the chosen
/// one is terminated, and its client fails with 57P01 on its next statement.
/// </summary>
public sealed class BackendTerminatorTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_backend_held_in_a_transaction_is_found_and_terminated_and_its_client_gets_57P01()
    {
        var role = $"victim_{Guid.NewGuid():N}"[..20];
        await AdminAsync($"CREATE ROLE {role} LOGIN PASSWORD '{role}'");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Username = role, Password = role, Pooling = false }.ConnectionString;
            await using var victim = new NpgsqlConnection(connectionString);
            await using var idle = new NpgsqlConnection(connectionString);
            await victim.OpenAsync(Token);
            await idle.OpenAsync(Token);
            await using var transaction = await victim.BeginTransactionAsync(Token);
            await using (var work = new NpgsqlCommand("SELECT 1", victim, transaction))
            {
                await work.ExecuteScalarAsync(Token);
            }

            var busy = await BackendTerminator.BackendsInTransactionAsync(postgres.AdminConnectionString, role, Token);
            var terminated = await BackendTerminator.TerminateAsync(postgres.AdminConnectionString, victim.ProcessID, Token);
            var next = async () =>
            {
                await using var command = new NpgsqlCommand("SELECT 2", victim, transaction);
                await command.ExecuteScalarAsync(Token);
            };

            busy.Should().Equal([victim.ProcessID], "the idle connection is in no transaction");
            terminated.Should().BeTrue();
            (await next.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.AdminShutdown);
            (await BackendTerminator.BackendsInTransactionAsync(postgres.AdminConnectionString, role, Token)).Should().BeEmpty();
        }
        finally
        {
            await AdminAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task Terminating_a_pid_that_is_no_backend_returns_false()
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT coalesce(max(pid), 0) + 100000 FROM pg_stat_activity", connection);
        var unused = Convert.ToInt32(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);

        (await BackendTerminator.TerminateAsync(postgres.AdminConnectionString, unused, Token)).Should().BeFalse();
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}

using FluentAssertions;
using Harness.Provisioning;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Provisioning;

/// <summary>The session audit and init read through: it must refuse writes and keep the options the user gave.</summary>
public sealed class ReadOnlySessionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_read_only_session_refuses_writes_and_keeps_the_users_own_options()
    {
        var token = TestContext.Current.CancellationToken;
        var schema = await postgres.CreateSchemaAsync("ro", token);
        var withOptions = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Options = $"-c search_path={schema}" }.ConnectionString;

        await using var connection = new NpgsqlConnection(PostgresConnectionString.ReadOnly(withOptions, "harness test (read-only)"));
        await connection.OpenAsync(token);
        await using var path = new NpgsqlCommand("SELECT current_schema()", connection);
        (await path.ExecuteScalarAsync(token)).Should().Be(schema);
        await using var write = new NpgsqlCommand("CREATE TABLE t (id int)", connection);
        var act = () => write.ExecuteNonQueryAsync(token);

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ReadOnlySqlTransaction);
    }
}

using FluentAssertions;
using Harness.Catalog;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Catalog;

/// <summary>Functions of other schemas that policies may call: helper schemas are read, other workers' schemas never are.</summary>
public sealed class OtherSchemaFunctionsTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Helper_schemas_are_read_and_another_runs_worker_schema_is_not()
    {
        var inspected = await postgres.CreateSchemaAsync("inspected", Token);
        var helpers = await postgres.CreateSchemaAsync("helpers", Token);
        var otherWorker = $"h_{Guid.NewGuid():N}"[..10] + "_w0";
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await ExecuteAsync(connection,
            $"CREATE SCHEMA \"{otherWorker}\"; "
            + $"CREATE FUNCTION \"{otherWorker}\".is_member_of(t uuid) RETURNS boolean LANGUAGE sql AS 'SELECT true'; "
            + $"CREATE FUNCTION \"{helpers}\".is_member_of(t uuid) RETURNS boolean LANGUAGE sql AS 'SELECT false'");
        try
        {
            var catalog = await CatalogReader.ReadAsync(connection, inspected, null, Token);

            var schemas = catalog.OtherSchemaFunctions.Where(f => f.Name == "is_member_of").Select(f => f.Schema).ToList();
            schemas.Should().Contain(helpers).And.NotContain(otherWorker, "another run's worker schema must never stand in for the app's helpers");
        }
        finally
        {
            await ExecuteAsync(connection, $"DROP SCHEMA \"{otherWorker}\" CASCADE");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}

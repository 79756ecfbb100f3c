using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Harness.Migrations;
using Harness.Targets;
using Harness.Tests.Idor;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Fixtures.Chaos;

/// <summary>
/// The Node target's request whose connection is terminated under it (57P01): the clean service answers 500; under
/// node-retry-without-tenant it runs the work again on a fresh client without app.company_id, so RLS hides tenant A's own
/// sites and the answer is a 200 with none of them.
/// </summary>
public sealed class NodeRetryWithoutTenantTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("node-retry-without-tenant")]
    public async Task A_terminated_connection_fails_the_request_unless_the_flaw_retries_it_without_the_tenant(string? flaw)
    {
        await HttpTargets.EnsureNodeAsync(Token);
        var schema = await postgres.CreateSchemaAsync("nodechaos", Token);
        await new SqlFolderMigrator(RepositoryPaths.SampleMigrations).ApplyAsync(postgres.AdminConnectionString, schema, Token);
        var admin = postgres.ConnectionStringFor(schema);
        var a = ChaosSample.Tenant.New("a");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(Token);
            await a.InsertAsync(connection, Token);
        }
        var app = new NpgsqlConnectionStringBuilder(admin) { Username = "sample_app", Password = "sample_app", SearchPath = schema }.ConnectionString;
        await using var node = await HttpTargets.Node(flaw).StartAsync(new TargetDatabase(schema, app, admin), Token);

        Task<HttpResponseMessage> request;
        await using (var sites = await TableLock.HoldAsync(admin, $"\"{schema}\".sites", Token))
        {
            request = node.Client.SendAsync(Get(a), Token);
            await sites.TerminateTheWaiterAsync(Token);
        }
        using var response = await request.WaitAsync(TimeSpan.FromSeconds(30), Token);

        var body = await response.Content.ReadAsStringAsync(Token);
        if (flaw is null)
        {
            response.StatusCode.Should().Be(HttpStatusCode.InternalServerError, body);
        }
        else
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, body);
            body.Should().Be("[]", "the retry ran without app.company_id, so RLS showed none of tenant A's sites");
        }

        using var unlocked = await node.Client.SendAsync(Get(a), Token);
        (await unlocked.Content.ReadAsStringAsync(Token)).Should().Contain(a.Canary);
    }

    private static HttpRequestMessage Get(ChaosSample.Tenant tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "sites");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        return request;
    }
}

using System.Text.Json;
using FluentAssertions;
using Harness.Model;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Manifest;

/// <summary>Rendering a tenant context: values travel as parameters or escaped literals, so no id can break out of its place.</summary>
public sealed class TenantContextRenderingTests(PostgresFixture postgres)
{
    private const string Hostile = "x', true); DROP TABLE t; --\"},\"role\":\"service_role\\";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void A_setting_passes_name_and_value_as_parameters()
    {
        var statement = TenantContextPlan.ForSetting("app.org_id").Render(new ContextIdentity("it's")).Single();

        statement.Sql.Should().Be("SELECT set_config($1, $2, true)");
        statement.Parameters.Should().Equal("app.org_id", "it's");
        statement.Script.Should().Be("SELECT set_config('app.org_id', 'it''s', true);");
    }

    [Fact]
    public void A_quote_in_a_user_id_cannot_end_the_json_string_of_the_claims()
    {
        var claims = TenantContextPlan.Supabase.Render(new ContextIdentity("t", Hostile))[1].Parameters[1];

        using var document = JsonDocument.Parse(claims);
        document.RootElement.GetProperty("sub").GetString().Should().Be(Hostile);
        document.RootElement.GetProperty("role").GetString().Should().Be("authenticated");
        document.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("sub", "role", "aud");
    }

    [Fact]
    public void A_placeholder_outside_a_json_string_becomes_a_whole_json_string()
    {
        var plan = new TenantContextPlan([new SettingStep("app.claims", """{"team": {tenantId}}""")]);

        var claims = plan.Render(new ContextIdentity("7\"}")).Single().Parameters[1];

        JsonDocument.Parse(claims).RootElement.GetProperty("team").GetString().Should().Be("7\"}");
    }

    [Fact]
    public void Sql_steps_get_values_as_literals_inside_or_outside_quotes()
    {
        var plan = new TenantContextPlan(
        [
            new SqlStep("select set_config('app.a', '{tenantId}', true)"),
            new SqlStep("select set_config('app.b', {userId}, true)"),
            new SqlStep("select set_config('app.c', E'{userId}', true)"),
        ]);

        var sql = plan.Render(new ContextIdentity("a'b", "c\\'d")).Select(s => s.Sql).ToList();

        sql.Should().Equal(
            "select set_config('app.a', 'a''b', true)",
            "select set_config('app.b', 'c\\''d', true)",
            "select set_config('app.c', E'c\\\\''d', true)");
    }

    [Fact]
    public async Task Hostile_ids_arrive_in_the_session_exactly_as_they_are()
    {
        var plan = new TenantContextPlan(
        [
            new SettingStep("request.jwt.claims", """{"sub":"{userId}","team":"{tenantId}"}"""),
            new SettingStep("app.tenant", "{tenantId}"),
            new SqlStep("select set_config('app.user', '{userId}', true)"),
            new SqlStep("select set_config('app.bare', {tenantId}, true)"),
            new SqlStep("select set_config('app.escaped', E'{userId}', true)"),
        ]);
        var tenant = "o'brien\\'); drop table x; --";

        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var transaction = await connection.BeginTransactionAsync(Token);
        foreach (var statement in plan.Render(new ContextIdentity(tenant, Hostile)))
        {
            await using var command = new NpgsqlCommand(statement.Sql, connection, transaction);
            foreach (var parameter in statement.Parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            await command.ExecuteNonQueryAsync(Token);
        }

        await using var read = new NpgsqlCommand(
            """
            SELECT current_setting('request.jwt.claims')::jsonb ->> 'sub', current_setting('request.jwt.claims')::jsonb ->> 'team',
                   current_setting('app.tenant'), current_setting('app.user'), current_setting('app.bare'), current_setting('app.escaped')
            """,
            connection,
            transaction);
        await using var reader = await read.ExecuteReaderAsync(Token);
        (await reader.ReadAsync(Token)).Should().BeTrue();
        Enumerable.Range(0, 6).Select(reader.GetString).Should().Equal(Hostile, tenant, tenant, Hostile, tenant, Hostile);
    }
}

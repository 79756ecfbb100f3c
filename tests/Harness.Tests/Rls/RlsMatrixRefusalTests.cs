using FluentAssertions;
using Harness.Errors;
using Harness.Scenarios.Rls;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Rls;

/// <summary>The matrix refuses to run where it would prove nothing: as a role RLS does not apply to, as another role, or without seeded tenants.</summary>
public sealed class RlsMatrixRefusalTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_app_role_with_bypassrls_is_refused()
    {
        var sample = await MatrixSample.CreateAsync(postgres, tenants: 2, cancellationToken: Token);
        var role = $"rls_bypass_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync(
            $"""
            CREATE ROLE "{role}" LOGIN PASSWORD '{role}' NOSUPERUSER BYPASSRLS;
            GRANT USAGE ON SCHEMA "{sample.Sample.Schema}" TO "{role}";
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{sample.Sample.Schema}" TO "{role}";
            """);
        try
        {
            var context = sample.Context with
            {
                Model = sample.Context.Model with { AppRole = role },
                AppConnectionString = MatrixSample.AppConnectionString(postgres.AdminConnectionString, role, role, sample.Sample.Schema),
            };

            var act = () => new RlsMatrix().RunAsync(context, Token);

            (await act.Should().ThrowAsync<RlsMatrixException>())
                .Which.Message.Should().Contain($"'{role}' has BYPASSRLS").And.Contain("refusing to run");
        }
        finally
        {
            await ExecuteAsync($"DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\";");
        }
    }

    [Fact]
    public async Task A_superuser_named_as_the_app_role_is_refused()
    {
        var sample = await MatrixSample.CreateAsync(postgres, tenants: 2, cancellationToken: Token);
        var admin = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString).Username!;
        var context = sample.Context with
        {
            Model = sample.Context.Model with { AppRole = admin },
            AppConnectionString = sample.Sample.ConnectionString,
        };

        var act = () => new RlsMatrix().RunAsync(context, Token);

        (await act.Should().ThrowAsync<RlsMatrixException>()).Which.Message.Should().Contain($"'{admin}' is a superuser");
    }

    [Fact]
    public async Task Connecting_as_another_role_than_the_manifests_app_role_is_refused()
    {
        var sample = await MatrixSample.CreateAsync(postgres, tenants: 2, cancellationToken: Token);
        var context = sample.Context with { AppConnectionString = sample.Sample.ConnectionString };

        var act = () => new RlsMatrix().RunAsync(context, Token);

        (await act.Should().ThrowAsync<RlsMatrixException>())
            .Which.Message.Should().Contain("must connect as the app role 'sample_app'").And.Contain("refusing to probe as another role");
    }

    [Fact]
    public async Task Without_app_connection_or_ledger_it_says_what_is_missing()
    {
        var sample = await MatrixSample.CreateAsync(postgres, tenants: 2, cancellationToken: Token);

        var noConnection = () => new RlsMatrix().RunAsync(sample.Context with { AppConnectionString = null }, Token);
        var noLedger = () => new RlsMatrix().RunAsync(sample.Context with { Ledger = null }, Token);
        var oneTenant = () => new RlsMatrix().RunAsync(sample.Context with { Ledger = sample.Ledger with { Tenants = [sample.Ledger.Tenants[0]] } }, Token);

        (await noConnection.Should().ThrowAsync<RlsMatrixException>()).Which.Message.Should().Contain("app role's connection");
        (await noLedger.Should().ThrowAsync<RlsMatrixException>()).Which.Message.Should().Contain("seeded tenants");
        (await oneTenant.Should().ThrowAsync<RlsMatrixException>()).Which.Message.Should().Contain("at least 2 seeded tenants");
        new RlsMatrixException("x").Should().BeAssignableTo<HarnessException>("the run reports a harness failure's message as why the matrix could not run, exit 2")
            .And.NotBeAssignableTo<ArgumentException>("an argument error is a bug in the harness, never a refusal");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}

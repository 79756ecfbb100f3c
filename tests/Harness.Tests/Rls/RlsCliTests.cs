using System.Text.Json;
using FluentAssertions;
using Harness.Ledger;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Rls;

/// <summary>The matrix as users run it: the real CLI with <c>--scenarios rls</c> against the sample on the test server.</summary>
public sealed class RlsCliTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_clean_sample_passes_the_matrix_with_exit_0()
    {
        var reports = Directory.CreateTempSubdirectory("harness-rls-").FullName;

        var result = await RunAsync(reports, flaw: null);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("rls: all 56 ordered pairs of 8 tenants").And.Contain("result: PASS");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder(reports), "report.json"), Token));
        var scenario = report.RootElement.GetProperty("scenarios").EnumerateArray().Should().ContainSingle().Subject;
        scenario.GetProperty("id").GetString().Should().Be("rls");
        scenario.GetProperty("probes").GetInt32().Should().BeGreaterThan(56 * 5 * 7);
    }

    [Fact]
    public async Task A_cross_tenant_insert_fails_the_gate_naming_table_operation_context_and_both_tenants()
    {
        var reports = Directory.CreateTempSubdirectory("harness-rls-").FullName;

        var result = await RunAsync(reports, "insert-check-true");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().Contain("result: FAIL");
        var ledger = await SeedLedger.LoadAsync(Path.Combine(Folder(reports), "ledger.json"), Token);
        var line = result.Stdout.Split('\n').First(l => l.Contains(" RLS003 sites INSERT other-tenant: ", StringComparison.Ordinal));
        line.Should().StartWith("  CRITICAL ");
        var named = ledger.Tenants.Where(t => line.Contains($"\"{t.Name}\" ({t.TenantId})", StringComparison.Ordinal)).ToList();
        named.Should().HaveCount(2, "the line names the attacker and the tenant the row was inserted into: {0}", line);
        line.Should().Contain($"inserted 1 row into tenant {named[1].Index}");
    }

    [Fact]
    public async Task An_app_role_that_bypasses_rls_makes_the_run_exit_2_with_the_reason_and_keeps_the_audit_finding()
    {
        var role = $"rls_cli_bypass_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{role}' NOSUPERUSER BYPASSRLS");
        try
        {
            var manifest = await SqlFolderManifest.WriteAsync("sample-with-a-bypassing-app-role", role, RepositoryPaths.SampleMigrations, Token);
            var reports = Directory.CreateTempSubdirectory("harness-rls-").FullName;

            var result = await CliProcess.HarnessAsync(
                ["run", "--manifest", manifest, "--postgres", postgres.AdminConnectionString, "--scenarios", "audit,rls", "--tenants", "2", "--reports", reports],
                cancellationToken: Token);

            result.ExitCode.Should().Be(2, result.ToString());
            result.Stdout.Should().Contain($"ERROR    rls could not run to its end: The app role '{role}' has BYPASSRLS").And.Contain("refusing to run");
            result.Stdout.Should().Contain("result: INCOMPLETE: rls could not run to the end");
            result.Stdout.Should().NotContain("   at ", "stack traces only with --diagnostics");

            // The audit's finding that explains the refusal is reported, not lost with the run.
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder(reports), "report.json"), Token));
            report.RootElement.GetProperty("exitCode").GetInt32().Should().Be(2);
            var rls = report.RootElement.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "rls");
            rls.GetProperty("error").GetString().Should().Contain("BYPASSRLS");
            report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).Should().Contain("AUD009");
            var junit = await File.ReadAllTextAsync(Path.Combine(Folder(reports), "junit.xml"), Token);
            junit.Should().Contain("<error message=\"The app role");
            var summary = await File.ReadAllTextAsync(Path.Combine(Folder(reports), "summary.md"), Token);
            summary.Should().StartWith("## Harness: INCOMPLETE");
        }
        finally
        {
            await ExecuteAsync($"DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static string Folder(string reports) => Directory.GetDirectories(reports).Should().ContainSingle().Subject;

    private Task<CliProcess.Result> RunAsync(string reports, string? flaw) =>
        CliProcess.HarnessAsync(
            ["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString, "--scenarios", "rls", "--tenants", "8", "--reports", reports],
            flaw is null ? null : new Dictionary<string, string> { ["SAMPLE_FLAW"] = flaw },
            Token);
}

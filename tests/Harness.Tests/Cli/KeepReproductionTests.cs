using System.Text.Json;
using FluentAssertions;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Cli;

/// <summary>
/// Reproductions that run after the run: without --keep, SQL reproductions name the manifest's schema (the worker is
/// dropped); with --keep they name the kept worker, and the run prints how to start the app against it.
/// </summary>
public sealed class KeepReproductionTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_keep_no_sql_reproduction_names_the_dropped_worker_schema()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;

        var result = await RunAsync(reports, keep: false);

        result.ExitCode.Should().Be(1, result.ToString());
        var (runId, reproductions) = await ReproductionsAsync(reports);
        // The first line says which schema was dropped; the statements below it never name it.
        reproductions.Should().NotBeEmpty().And.OnlyContain(r => !r.Substring(r.IndexOf('\n', StringComparison.Ordinal) + 1).Contains($"h_{runId}_", StringComparison.Ordinal));
        reproductions.Should().Contain(r => r.StartsWith($"-- the run's schema h_{runId}_w0 was dropped", StringComparison.Ordinal) && r.Contains("\"public\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_keep_reproductions_name_the_kept_schema_and_the_run_says_how_to_start_the_app_on_it()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;
        string? runId = null;
        try
        {
            var result = await RunAsync(reports, keep: true);
            (runId, var reproductions) = await ReproductionsAsync(reports);

            result.ExitCode.Should().Be(1, result.ToString());
            reproductions.Should().Contain(r => r.StartsWith($"-- in the schema h_{runId}_w0 this run kept (--keep)", StringComparison.Ordinal));
            result.Stdout.Should().Contain($"kept schema h_{runId}_w0 holds the run's seeded data; the app role connects with: ")
                .And.Contain("start the app against it: (cd ")
                .And.Contain($"ConnectionStrings__Default='")
                .And.Contain("harness token --manifest ");
        }
        finally
        {
            // The test removes what --keep left behind.
            if (runId is not null)
            {
                await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
                await connection.OpenAsync(Token);
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"h_{runId}_w0\" CASCADE", connection);
                await drop.ExecuteNonQueryAsync(Token);
            }
        }
    }

    private static async Task<(string RunId, List<string> SqlReproductions)> ReproductionsAsync(string reports)
    {
        var folder = Directory.GetDirectories(reports).Single();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json"), Token));
        var sql = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.TryGetProperty("reproduction", out var r) ? r.GetString()! : "")
            .Where(r => r.Length > 0 && !r.StartsWith('#') && !r.StartsWith("curl", StringComparison.Ordinal))
            .ToList();
        return (json.RootElement.GetProperty("runId").GetString()!, sql);
    }

    /// <summary>The sample with RLS disabled on a table: audit and RLS findings, both with SQL reproductions.</summary>
    private Task<CliProcess.Result> RunAsync(string reports, bool keep) =>
        CliProcess.HarnessAsync(
            ["run", "--manifest", RepositoryPaths.SampleManifest, "--postgres", postgres.AdminConnectionString, "--tenants", "3",
             "--scenarios", "audit,rls", "--reports", reports, .. keep ? new[] { "--keep" } : []],
            new Dictionary<string, string> { ["SAMPLE_FLAW"] = "rls-disabled" },
            Token);
}

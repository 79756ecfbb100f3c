using System.CommandLine;
using Harness.Manifest;
using Harness.Provisioning;
using Harness.Runner;
using Npgsql;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness validate</c>: what <c>harness run</c> checks before it provisions anything (the manifest, the reports folder,
/// the target's URL, the OpenAPI document, the migrations), and that the database answers when one is given; no run, no
/// provisioning, nothing written. One line per check, then <c>ok</c> (exit 0), or <c>error:</c> and what to do (exit 2).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest", "-m")
        {
            Description = "The tenancy manifest (harness.yaml).",
            DefaultValueFactory = _ => "harness.yaml",
        };
        var db = new Option<string?>("--db") { Description = "A connection string of the server runs will use (e.g. the --postgres value); checked by connecting, read-only." };
        var reports = CommonOptions.Reports();
        var command = new Command("validate", "Check the manifest and what a run needs before it starts, without provisioning or running anything.")
        {
            manifest, db, reports,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var output = Console.Out;
            var loaded = await ScenarioRegistry.Default.LoadManifestAsync(result.GetValue(manifest)!, cancellationToken);
            await output.WriteLineAsync($"manifest: {loaded.SourcePath} (target {loaded.Name})");
            // Everything the manifest describes is checked, as if every scenario were selected.
            var probesTarget = loaded.Target is not null || loaded.Endpoints is not null;
            foreach (var check in await RunPreflight.CheckAsync(loaded, result.GetValue(reports)!, probesTarget, cancellationToken))
            {
                await output.WriteLineAsync(check);
            }

            if (result.GetValue(db) is { } connectionString)
            {
                await output.WriteLineAsync(await ReachAsync(connectionString, cancellationToken));
            }

            await output.WriteLineAsync("ok");
            return ExitCodes.Clean;
        }, cancellationToken));
        return command;
    }

    /// <summary>Connects read-only and asks the server its version; a refusal surfaces as the database's own error.</summary>
    private static async Task<string> ReachAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ReadOnly(connectionString, "harness validate (read-only)"));
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        var user = await command.ExecuteScalarAsync(cancellationToken);
        return $"database: {builder.Host}:{builder.Port}/{connection.Database} answers, PostgreSQL {connection.PostgreSqlVersion} as {user}";
    }
}

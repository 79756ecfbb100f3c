using System.CommandLine;
using Harness.Provisioning;
using Harness.Workers;
using Npgsql;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness collect</c>: drop worker schemas and worker databases (<c>isolation: database</c>) of crashed runs on a server
/// (only the harness's own, marked schemas and databases).
/// </summary>
internal static class CollectCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Connection string of the server to clean.", Required = true };
        var ttl = new Option<double>("--older-than-hours")
        {
            Description = "Only schemas created longer ago than this.",
            DefaultValueFactory = _ => StaleSchemaCollector.DefaultTimeToLive.TotalHours,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be dropped; drop nothing." };
        var command = new Command("collect", "Drop the harness's own worker schemas and databases left by crashed runs.") { db, ttl, dryRun };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var connectionString = PostgresConnectionString.Normalize(result.GetValue(db)!);
            var collector = new StaleSchemaCollector(TimeSpan.FromHours(result.GetValue(ttl)));
            IReadOnlyList<string> schemas;
            if (result.GetValue(dryRun))
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                schemas = [.. await collector.FindStaleAsync(connection, null, cancellationToken),
                    .. await collector.FindStaleDatabasesAsync(connection, null, cancellationToken)];
            }
            else
            {
                schemas = [.. await collector.CollectAsync(connectionString, null, cancellationToken),
                    .. await collector.CollectDatabasesAsync(connectionString, null, cancellationToken)];
            }

            Console.WriteLine(schemas.Count == 0
                ? "no stale worker schemas"
                : $"{(result.GetValue(dryRun) ? "would drop" : "dropped")} {schemas.Count}: {string.Join(", ", schemas)}");
            return ExitCodes.Clean;
        }, cancellationToken));
        return command;
    }
}

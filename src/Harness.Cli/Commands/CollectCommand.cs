using System.CommandLine;
using System.Globalization;
using Harness.Errors;
using Harness.Provisioning;
using Harness.Workers;
using Npgsql;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness collect</c>: drop worker schemas and worker databases (<c>isolation: database</c>) of crashed runs on a server
/// (only the harness's own, marked schemas and databases, and never those of a run still going on this host).
/// </summary>
internal static class CollectCommand
{
    /// <summary>The longest TTL taken (a century); beyond it the value is a mistake, not a wish.</summary>
    private const double MaximumHours = 24 * 365 * 100;

    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Connection string of the server to clean.", Required = true };
        var ttl = new Option<double>("--older-than-hours")
        {
            Description = "Only schemas created longer ago than this (1 or more; less needs --force).",
            DefaultValueFactory = _ => StaleSchemaCollector.DefaultTimeToLive.TotalHours,
        };
        var force = new Option<bool>("--force") { Description = "Allow --older-than-hours under 1 (runs still going on this host are kept all the same)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be dropped; drop nothing." };
        var command = new Command("collect", "Drop the harness's own worker schemas and databases left by crashed runs.") { db, ttl, force, dryRun };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var timeToLive = TimeToLive(result.GetValue(ttl), result.GetValue(force));
            var connectionString = PostgresConnectionString.Normalize(result.GetValue(db)!);
            var collector = new StaleSchemaCollector(timeToLive);
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

    /// <summary>The TTL <c>--older-than-hours</c> asks for, refused when it is no number of hours, absurd, or short without <c>--force</c>.</summary>
    internal static TimeSpan TimeToLive(double hours, bool force)
    {
        if (!double.IsFinite(hours) || hours < 0 || hours > MaximumHours)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--older-than-hours takes a number of hours from 0 to {MaximumHours:0}, e.g. {StaleSchemaCollector.DefaultTimeToLive.TotalHours:0} (the default); '{hours}' is not one"))
            { Option = "--older-than-hours" };
        }

        var minimum = StaleSchemaCollector.MinimumTimeToLive.TotalHours;
        if (hours < minimum && !force)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--older-than-hours {hours} is under {minimum:0} hour: a run still going on another host (whose process cannot be checked from here) would lose its schemas mid-run; give {minimum:0} or more, or add --force if no run is going elsewhere (runs on this host are kept either way)"))
            { Option = "--older-than-hours" };
        }

        return TimeSpan.FromHours(hours);
    }
}

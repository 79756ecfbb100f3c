using Harness.Provisioning;
using Npgsql;

namespace Harness.Migrations;

/// <summary>
/// Runs the target's own migration command (Prisma, EF Core bundle, Flyway, a script) against one worker schema.
/// The command gets the connection in the variables most tools read: <c>DATABASE_URL</c>,
/// <c>HARNESS_CONNECTION_STRING</c> (Npgsql form), <c>PGHOST</c>/<c>PGPORT</c>/<c>PGUSER</c>/<c>PGPASSWORD</c>/<c>PGDATABASE</c>,
/// and <c>PGOPTIONS</c>/<c>HARNESS_SCHEMA</c> for the schema. It runs in its own process group with a private <c>TMPDIR</c>
/// (<see cref="Processes.ProcessCommand.OwnProcessGroup"/>). For a template database (no schema), <c>PGDATABASE</c> is that
/// database and the search path is the database's default.
/// </summary>
public sealed class CommandMigrator(IReadOnlyList<string> command, string workingDirectory, TimeSpan timeout) : IMigrationRunner
{
    private const string RowSecurityOffOption = "-c row_security=off";

    public Task ApplyAsync(string adminConnectionString, string? schema, CancellationToken cancellationToken = default) =>
        MigrationCommandRun.RunAsync(
            command, "migration command", "migrations.command", workingDirectory, EnvironmentFor(adminConnectionString, schema), timeout, captureOutput: false, cancellationToken);

    /// <summary>The environment the command runs with, pointing every common client at the worker schema (or template database).</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentFor(string adminConnectionString, string? schema) =>
        EnvironmentFor(adminConnectionString, schema, rowSecurityOff: false);

    /// <summary>
    /// As <see cref="EnvironmentFor(string, string?)"/>; with <paramref name="rowSecurityOff"/> every form of the connection
    /// also asks for <c>row_security = off</c> (<c>PGOPTIONS</c>, the URL's and the Npgsql string's options), and
    /// <c>HARNESS_ROW_SECURITY=off</c> tells a script that connects its own way.
    /// </summary>
    public static IReadOnlyDictionary<string, string> EnvironmentFor(string adminConnectionString, string? schema, bool rowSecurityOff)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { SearchPath = schema };
        if (rowSecurityOff)
        {
            builder.Options = string.IsNullOrEmpty(builder.Options) ? RowSecurityOffOption : $"{builder.Options} {RowSecurityOffOption}";
        }

        var host = builder.Host ?? "127.0.0.1";
        var user = builder.Username ?? "postgres";
        var database = builder.Database ?? "postgres";
        var password = builder.Password ?? "";
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = UrlFor(adminConnectionString, schema, rowSecurityOff),
            ["HARNESS_CONNECTION_STRING"] = builder.ConnectionString,
            ["PGHOST"] = host,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = user,
            ["PGDATABASE"] = database,
        };
        var options = new List<string>();
        if (schema is not null)
        {
            environment["HARNESS_SCHEMA"] = schema;
            options.Add($"-c search_path={schema}");
        }

        if (rowSecurityOff)
        {
            options.Add(RowSecurityOffOption);
            environment["HARNESS_ROW_SECURITY"] = "off";
        }

        if (options.Count > 0)
        {
            environment["PGOPTIONS"] = string.Join(' ', options);
        }

        if (password.Length > 0)
        {
            environment["PGPASSWORD"] = password;
        }

        return environment;
    }

    private static string UrlFor(string adminConnectionString, string? schema, bool rowSecurityOff)
    {
        var url = PostgresConnectionString.ToUrl(adminConnectionString, schema);
        if (!rowSecurityOff)
        {
            return url;
        }

        var option = Uri.EscapeDataString(RowSecurityOffOption);
        return url.Contains("?options=", StringComparison.Ordinal) ? $"{url}{Uri.EscapeDataString(" ")}{option}" : $"{url}?options={option}";
    }
}

using System.ComponentModel;
using Harness.Processes;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Migrations;

/// <summary>
/// Runs the target's own migration command (Prisma, EF Core bundle, Flyway, a script) against one worker schema.
/// The command gets the connection in the variables most tools read: <c>DATABASE_URL</c>,
/// <c>HARNESS_CONNECTION_STRING</c> (Npgsql form), <c>PGHOST</c>/<c>PGPORT</c>/<c>PGUSER</c>/<c>PGPASSWORD</c>/<c>PGDATABASE</c>,
/// and <c>PGOPTIONS</c>/<c>HARNESS_SCHEMA</c> for the schema. It runs in its own process group with a private <c>TMPDIR</c>
/// (<see cref="ProcessCommand.OwnProcessGroup"/>). For a template database (no schema), <c>PGDATABASE</c> is that
/// database and the search path is the database's default.
/// </summary>
public sealed class CommandMigrator(IReadOnlyList<string> command, string workingDirectory, TimeSpan timeout) : IMigrationRunner
{
    private const int OutputLinesKept = 40;

    public async Task ApplyAsync(string adminConnectionString, string? schema, CancellationToken cancellationToken = default)
    {
        if (command.Count == 0)
        {
            throw new MigrationException("migrations.command is empty; give the program and its arguments, e.g. [\"sh\", \"migrate.sh\"].");
        }

        // The command shares the harness's standard input, as a migration tool run by hand would.
        var start = new ProcessCommand(command[0], [.. command.Skip(1)])
        {
            WorkingDirectory = workingDirectory,
            Environment = EnvironmentFor(adminConnectionString, schema),
            CloseStandardInput = false,

            // Its own process group with a private TMPDIR: everything it starts is stopped with it, or by the next run
            // if the harness is killed.
            OwnProcessGroup = true,
        };
        var output = new OutputTail(OutputLinesKept);
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(start, output);
        }
        catch (Win32Exception e)
        {
            throw new MigrationException($"migration command '{command[0]}' could not start ({e.Message}); check migrations.command.", e);
        }

        using (process)
        {
            var exitCode = await process.WaitOrKillAsync(timeout, cancellationToken)
                ?? throw new MigrationException(
                    $"migration command '{string.Join(' ', command)}' did not finish within {timeout.TotalSeconds:0} s; raise migrations.timeoutSeconds.\n{output}");
            if (exitCode != 0)
            {
                throw new MigrationException(
                    $"migration command '{string.Join(' ', command)}' exited with code {exitCode}; its last output:\n{output}");
            }
        }
    }

    /// <summary>The environment the command runs with, pointing every common client at the worker schema (or template database).</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentFor(string adminConnectionString, string? schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { SearchPath = schema };
        var host = builder.Host ?? "127.0.0.1";
        var user = builder.Username ?? "postgres";
        var database = builder.Database ?? "postgres";
        var password = builder.Password ?? "";
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = PostgresConnectionString.ToUrl(adminConnectionString, schema),
            ["HARNESS_CONNECTION_STRING"] = builder.ConnectionString,
            ["PGHOST"] = host,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = user,
            ["PGDATABASE"] = database,
        };
        if (schema is not null)
        {
            environment["HARNESS_SCHEMA"] = schema;
            environment["PGOPTIONS"] = $"-c search_path={schema}";
        }

        if (password.Length > 0)
        {
            environment["PGPASSWORD"] = password;
        }

        return environment;
    }
}

using System.Diagnostics;
using Harness.Processes;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Migrations;

/// <summary>
/// Runs the target's own migration command (Prisma, EF Core bundle, Flyway, a script) against one worker schema.
/// The command gets the connection in the variables most tools read: <c>DATABASE_URL</c>,
/// <c>HARNESS_CONNECTION_STRING</c> (Npgsql form), <c>PGHOST</c>/<c>PGPORT</c>/<c>PGUSER</c>/<c>PGPASSWORD</c>/<c>PGDATABASE</c>,
/// and <c>PGOPTIONS</c>/<c>HARNESS_SCHEMA</c> for the schema.
/// </summary>
public sealed class CommandMigrator(IReadOnlyList<string> command, string workingDirectory, TimeSpan timeout) : IMigrationRunner
{
    private const int OutputLinesKept = 40;

    public async Task ApplyAsync(string adminConnectionString, string schema, CancellationToken cancellationToken = default)
    {
        if (command.Count == 0)
        {
            throw new MigrationException("migrations.command is empty; give the program and its arguments, e.g. [\"sh\", \"migrate.sh\"].");
        }

        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in EnvironmentFor(adminConnectionString, schema))
        {
            start.Environment[name] = value;
        }

        var output = new OutputTail(OutputLinesKept);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MigrationException($"migration command '{command[0]}' could not start ({e.Message}); check migrations.command.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new MigrationException(
                $"migration command '{string.Join(' ', command)}' did not finish within {timeout.TotalSeconds:0} s; raise migrations.timeoutSeconds.\n{output}");
        }

        if (process.ExitCode != 0)
        {
            throw new MigrationException(
                $"migration command '{string.Join(' ', command)}' exited with code {process.ExitCode}; its last output:\n{output}");
        }
    }

    /// <summary>The environment the command runs with, pointing every common client at the worker schema.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentFor(string adminConnectionString, string schema)
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
            ["HARNESS_SCHEMA"] = schema,
            ["PGHOST"] = host,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = user,
            ["PGDATABASE"] = database,
            ["PGOPTIONS"] = $"-c search_path={schema}",
        };
        if (password.Length > 0)
        {
            environment["PGPASSWORD"] = password;
        }

        return environment;
    }
}

using Npgsql;

namespace Harness.Migrations;

/// <summary>
/// Applies every <c>*.sql</c> file of a folder in ordinal file-name order, each in its own transaction (a subfolder
/// takes its place in that order with its own <c>*.sql</c> files, so Prisma's <c>&lt;timestamp&gt;_&lt;name&gt;/migration.sql</c>
/// layout works as it is),
/// with the search path set to the worker schema (files must not name a schema; <see cref="SchemaReferenceScanner"/> finds those
/// that do), or with the database's default search path in a template database (<c>database.isolation: database</c>).
/// Each file is a step (<see cref="ISteppedMigrationRunner"/>): its version is its path relative to the folder with
/// forward slashes (<c>005_x.sql</c>, <c>20250101000000_init/migration.sql</c>).
/// </summary>
public sealed class SqlFolderMigrator(string folder) : ISteppedMigrationRunner
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public IReadOnlyList<string> Files()
    {
        if (!Directory.Exists(Folder))
        {
            throw new MigrationException($"migrations folder '{Folder}' does not exist; set migrations.sqlFolder to a folder of *.sql files.") { Migration = Folder };
        }

        return [.. Directory.GetFiles(Folder, "*.sql")
            .Concat(Directory.GetDirectories(Folder))
            .Order(StringComparer.Ordinal)
            .SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path, "*.sql").Order(StringComparer.Ordinal) : (IEnumerable<string>)[path])];
    }

    public async Task ApplyAsync(string adminConnectionString, string? schema, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(adminConnectionString, schema, cancellationToken);
        foreach (var file in Files())
        {
            await ApplyFileAsync(connection, file, cancellationToken);
        }
    }

    /// <summary>Every file as a step, in the order <see cref="ApplyAsync"/> applies them.</summary>
    public Task<IReadOnlyList<MigrationStep>> StepsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MigrationStep>>([.. Files().Select(f => new MigrationStep(VersionOf(f), f))]);

    /// <summary>Applies the files up to and including <paramref name="last"/>'s, one transaction each.</summary>
    public async Task ApplyThroughAsync(string adminConnectionString, string? schema, MigrationStep last, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(last);
        var files = Files();
        var through = IndexOf(files, last);
        await using var connection = await OpenAsync(adminConnectionString, schema, cancellationToken);
        foreach (var file in files.Take(through + 1))
        {
            await ApplyFileAsync(connection, file, cancellationToken);
        }
    }

    /// <summary>
    /// Applies <paramref name="step"/>'s file in a transaction; with <paramref name="rowSecurityOff"/> the session runs it
    /// with <c>SET row_security = off</c> (reset afterwards), so a statement a policy would filter raises instead.
    /// </summary>
    public async Task ApplyStepAsync(string adminConnectionString, string? schema, MigrationStep step, bool rowSecurityOff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var files = Files();
        var file = files[IndexOf(files, step)];
        await using var connection = await OpenAsync(adminConnectionString, schema, cancellationToken);
        if (!rowSecurityOff)
        {
            await ApplyFileAsync(connection, file, cancellationToken);
            return;
        }

        await ExecuteAsync(connection, "SET row_security = off", cancellationToken);
        await ApplyFileAsync(connection, file, cancellationToken);

        // The file committed and the session is idle: the setting goes back before the connection returns to the pool
        // (after a failure, the pool's own reset on return clears it).
        await ExecuteAsync(connection, "RESET row_security", cancellationToken);
    }

    /// <summary>Applies one SQL file in a transaction; used for the folder and for patches such as planted flaws.</summary>
    public static async Task ApplyFileAsync(NpgsqlConnection connection, string file, CancellationToken cancellationToken = default)
    {
        var sql = await File.ReadAllTextAsync(file, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new MigrationException(
                $"{file}: {e.MessageText} (SQLSTATE {e.SqlState}{(e.Position > 0 ? $", at character {e.Position}" : "")}); fix the file and run again.", e)
            {
                Migration = file,
            };
        }
    }

    private string VersionOf(string file) => Path.GetRelativePath(Folder, file).Replace(Path.DirectorySeparatorChar, '/');

    private int IndexOf(IReadOnlyList<string> files, MigrationStep step)
    {
        for (var i = 0; i < files.Count; i++)
        {
            if (string.Equals(VersionOf(files[i]), step.Version, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new MigrationException(
            $"'{step.Version}' is not a migration of {Folder}; its versions are: {string.Join(", ", files.Select(VersionOf))}")
        {
            Migration = Folder,
        };
    }

    private static async Task<NpgsqlConnection> OpenAsync(string adminConnectionString, string? schema, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { SearchPath = schema };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using Npgsql;

namespace Harness.Migrations;

/// <summary>
/// Applies every <c>*.sql</c> file of a folder in ordinal file-name order, each in its own transaction (a subfolder
/// takes its place in that order with its own <c>*.sql</c> files, so Prisma's <c>&lt;timestamp&gt;_&lt;name&gt;/migration.sql</c>
/// layout works as it is),
/// with the search path set to the worker schema (files must not name a schema; <see cref="SchemaReferenceScanner"/> finds those
/// that do), or with the database's default search path in a template database (<c>database.isolation: database</c>).
/// </summary>
public sealed class SqlFolderMigrator(string folder) : IMigrationRunner
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
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { SearchPath = schema };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var file in Files())
        {
            await ApplyFileAsync(connection, file, cancellationToken);
        }
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
}

using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Survival;

/// <summary>
/// A small multi-tenant app of its own for migration survival (accounts, projects, tasks keyed by <c>account_id</c>, RLS
/// through <c>app.account_id</c>), built nothing like the sample: a SQL folder of a clean history, plus later migrations
/// each test adds. The app role is created once per server, with a password.
/// </summary>
internal static class ProjectsTarget
{
    public const string AppRole = "survival_app";

    public const string Baseline = "002_row_level_security.sql";

    private const string Schema = """
        CREATE TABLE accounts (id uuid PRIMARY KEY, name text NOT NULL);
        CREATE TABLE projects (
            id uuid PRIMARY KEY, account_id uuid NOT NULL REFERENCES accounts (id), title text NOT NULL, UNIQUE (account_id, id));
        CREATE INDEX projects_account ON projects (account_id);
        CREATE TABLE tasks (
            id uuid PRIMARY KEY, account_id uuid NOT NULL, project_id uuid NOT NULL, note text NOT NULL,
            FOREIGN KEY (account_id, project_id) REFERENCES projects (account_id, id));
        CREATE INDEX tasks_account ON tasks (account_id, project_id);
        """;

    private const string RowLevelSecurity = """
        ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
        ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant ON accounts USING (id = NULLIF(current_setting('app.account_id', true), '')::uuid);
        ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
        ALTER TABLE projects FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant ON projects USING (account_id = NULLIF(current_setting('app.account_id', true), '')::uuid);
        ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
        ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant ON tasks USING (account_id = NULLIF(current_setting('app.account_id', true), '')::uuid);
        GRANT SELECT, INSERT, UPDATE, DELETE ON accounts, projects, tasks TO survival_app;
        """;

    /// <summary>A later migration done right: a new tenant table protected in the same file, and a column backfilled for everyone.</summary>
    public const string CleanLabels = """
        CREATE TABLE labels (id uuid PRIMARY KEY, account_id uuid NOT NULL REFERENCES accounts (id), name text NOT NULL);
        CREATE INDEX labels_account ON labels (account_id);
        ALTER TABLE labels ENABLE ROW LEVEL SECURITY;
        ALTER TABLE labels FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant ON labels USING (account_id = NULLIF(current_setting('app.account_id', true), '')::uuid);
        GRANT SELECT, INSERT, UPDATE, DELETE ON labels TO survival_app;
        ALTER TABLE tasks ADD COLUMN priority integer;
        UPDATE tasks SET priority = 1;
        """;

    /// <summary>Writes the history with <paramref name="later"/> (file name, text) after the baseline, and a manifest for it.</summary>
    public static async Task<string> ManifestAsync(PostgresFixture postgres, IReadOnlyList<(string File, string Sql)> later, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(postgres.AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"DO $$ BEGIN CREATE ROLE {AppRole} LOGIN PASSWORD '{AppRole}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var folder = Directory.CreateTempSubdirectory("harness-survival-migrations-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "001_schema.sql"), Schema, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, Baseline), RowLevelSecurity, cancellationToken);
        foreach (var (file, sql) in later)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, file), sql, cancellationToken);
        }

        var manifest = Path.Combine(Directory.CreateTempSubdirectory("harness-survival-manifest-").FullName, "harness.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            version: 1
            name: projects
            tenancy:
              key: account_id
              root: accounts
              context:
                setting: app.account_id
            database:
              appRole: {AppRole}
              appPassword: {AppRole}
            migrations:
              sqlFolder: {folder}
            survival:
              from: "002"
              pairs: 2
            """, cancellationToken);
        return manifest;
    }
}

using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Runner;

/// <summary>
/// An app whose migrations name schemas, as Supabase-style apps do: <c>auth.users</c>, a function in <c>app_private</c>,
/// <c>GRANT USAGE ON SCHEMA public</c>, and a role of its own (unique per test); the tenant tables (teams, projects) live
/// in <c>public</c>, with RLS reading <c>app.team_id</c>. A pre-existing role of the test gets a grant from the migrations.
/// </summary>
internal sealed class SchemaNamingApp
{
    private SchemaNamingApp(string folder, string appRole, string existingRole)
    {
        Folder = folder;
        AppRole = appRole;
        ExistingRole = existingRole;
    }

    /// <summary>The folder holding <c>migrations/</c>, <c>migrate.sh</c> and <c>harness.yaml</c>.</summary>
    public string Folder { get; }

    /// <summary>The app role the migrations create.</summary>
    public string AppRole { get; }

    /// <summary>A role created by the test before the run, granted a privilege by the migrations.</summary>
    public string ExistingRole { get; }

    public string Manifest => Path.Combine(Folder, "harness.yaml");

    public string MigrationsFolder => Path.Combine(Folder, "migrations");

    /// <summary>One line per time the migration command ran.</summary>
    public string CountFile => Path.Combine(Folder, "applied.log");

    public static async Task<SchemaNamingApp> CreateAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var app = new SchemaNamingApp(Directory.CreateTempSubdirectory("harness-dbmode-").FullName, $"dbm_app_{id}", $"dbm_pre_{id}");
        Directory.CreateDirectory(app.MigrationsFolder);
        await File.WriteAllTextAsync(Path.Combine(app.MigrationsFolder, "001_auth.sql"), $"""
            -- the app's own schemas, named in its migrations
            create schema auth;
            create table auth.users (id uuid primary key, email text not null);
            create schema app_private;
            create function app_private.team_setting() returns text language sql stable as $$ select current_setting('app.team_id', true) $$;
            create role {app.AppRole} login password '{app.AppRole}' nosuperuser nobypassrls;
            grant usage on schema public to {app.AppRole};
            grant usage on schema auth to {app.ExistingRole};
            grant select on auth.users to {app.ExistingRole};
            """, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(app.MigrationsFolder, "002_tenant_tables.sql"), $"""
            create table public.teams (id uuid primary key, name text not null);
            create table public.projects (
                id uuid primary key,
                team_id uuid not null references public.teams (id),
                name text not null);
            create index projects_team_id on public.projects (team_id);
            alter table public.teams enable row level security;
            alter table public.teams force row level security;
            create policy tenant_isolation on public.teams
                using (id = nullif(current_setting('app.team_id', true), '')::uuid)
                with check (id = nullif(current_setting('app.team_id', true), '')::uuid);
            alter table public.projects enable row level security;
            alter table public.projects force row level security;
            create policy tenant_isolation on public.projects
                using (team_id = nullif(current_setting('app.team_id', true), '')::uuid)
                with check (team_id = nullif(current_setting('app.team_id', true), '')::uuid);
            grant select, insert, update, delete on public.teams, public.projects to {app.AppRole};
            """, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(app.Folder, "migrate.sh"), """
            set -e
            echo "$PGDATABASE" >> applied.log
            for f in migrations/*.sql; do psql -X -q -v ON_ERROR_STOP=1 -f "$f"; done
            """, cancellationToken);
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE ROLE {app.ExistingRole} NOLOGIN", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return app;
    }

    /// <summary>Writes the manifest: database isolation (or none given), migrating by command or from the SQL folder.</summary>
    public async Task WriteManifestAsync(bool databaseIsolation, bool command, CancellationToken cancellationToken)
    {
        var migrations = command ? "  command: [\"sh\", \"migrate.sh\"]" : "  sqlFolder: migrations";
        await File.WriteAllTextAsync(Manifest, $"""
            version: 1
            name: schema-naming
            tenancy:
              key: team_id
              root: teams
              context:
                setting: app.team_id
            database:
              appRole: {AppRole}
              appPassword: {AppRole}
            {(databaseIsolation ? "  isolation: database" : "")}
            migrations:
            {migrations}
            seed:
              tenants: 2
            """, cancellationToken);
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}

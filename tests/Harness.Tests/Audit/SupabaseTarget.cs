using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Audit;

/// <summary>
/// A Supabase-like target in a database of the test's own (created and dropped): schema <c>auth</c> with <c>users</c>,
/// <c>uid()</c>, <c>jwt()</c> and <c>role()</c> reading <c>request.jwt.claim(s)</c>; the cluster-wide roles <c>anon</c>,
/// <c>authenticated</c> and <c>authenticator</c> (created if missing, never dropped); a SECURITY DEFINER membership helper
/// <c>app_private.is_member_of(uuid)</c>; tenant tables in <c>public</c> whose policies go through the helper or a
/// membership subquery. Clean, its policies tie every row to the caller's teams.
/// </summary>
public sealed class SupabaseTarget : IAsyncDisposable
{
    /// <summary>Creates the roles if they are missing; other tests may create them at the same moment, so a duplicate is no error.</summary>
    public const string RolesSql = """
        DO $$
        BEGIN
            BEGIN CREATE ROLE anon NOLOGIN NOINHERIT; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
            BEGIN CREATE ROLE authenticated NOLOGIN NOINHERIT; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
            BEGIN CREATE ROLE authenticator LOGIN PASSWORD 'authenticator-dev-password' NOINHERIT; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        END $$;
        """;

    public const string CleanSql = """
        CREATE SCHEMA auth;
        CREATE TABLE auth.users (id uuid PRIMARY KEY, email text, raw_user_meta_data jsonb);
        CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
            SELECT coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid $$;
        CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
            SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                            nullif(current_setting('request.jwt.claims', true), ''))::jsonb $$;
        CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
            SELECT coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
                            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text $$;

        CREATE TABLE public.teams (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
        CREATE TABLE public.team_members (
            team_id uuid NOT NULL REFERENCES public.teams (id) ON DELETE CASCADE,
            user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
            role text NOT NULL DEFAULT 'member',
            PRIMARY KEY (team_id, user_id));
        CREATE TABLE public.projects (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            team_id uuid NOT NULL REFERENCES public.teams (id) ON DELETE CASCADE,
            name text NOT NULL,
            UNIQUE (team_id, id));
        CREATE TABLE public.tasks (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            team_id uuid NOT NULL REFERENCES public.teams (id) ON DELETE CASCADE,
            project_id uuid NOT NULL,
            title text NOT NULL,
            FOREIGN KEY (team_id, project_id) REFERENCES public.projects (team_id, id));
        CREATE INDEX tasks_team_project ON public.tasks (team_id, project_id);

        CREATE SCHEMA app_private;
        CREATE FUNCTION app_private.is_member_of(team uuid) RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
            SELECT EXISTS (SELECT 1 FROM public.team_members m WHERE m.team_id = $1 AND m.user_id = auth.uid()) $$;

        ALTER TABLE public.teams ENABLE ROW LEVEL SECURITY;
        ALTER TABLE public.teams FORCE ROW LEVEL SECURITY;
        ALTER TABLE public.team_members ENABLE ROW LEVEL SECURITY;
        ALTER TABLE public.team_members FORCE ROW LEVEL SECURITY;
        ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
        ALTER TABLE public.projects FORCE ROW LEVEL SECURITY;
        ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY;
        ALTER TABLE public.tasks FORCE ROW LEVEL SECURITY;
        CREATE POLICY teams_member ON public.teams FOR SELECT TO authenticated USING (app_private.is_member_of(id));
        CREATE POLICY team_members_member ON public.team_members FOR SELECT TO authenticated
            USING (app_private.is_member_of(team_id));
        CREATE POLICY projects_member ON public.projects FOR ALL TO authenticated
            USING (app_private.is_member_of(team_id)) WITH CHECK (app_private.is_member_of(team_id));
        CREATE POLICY tasks_member ON public.tasks FOR ALL TO authenticated
            USING (team_id IN (SELECT m.team_id FROM public.team_members m WHERE m.user_id = (SELECT auth.uid())))
            WITH CHECK (team_id IN (SELECT m.team_id FROM public.team_members m WHERE m.user_id = (SELECT auth.uid())));

        GRANT USAGE ON SCHEMA auth, app_private TO anon, authenticated;
        GRANT EXECUTE ON FUNCTION auth.uid(), auth.jwt(), auth.role(), app_private.is_member_of(uuid) TO anon, authenticated;
        GRANT SELECT, INSERT, UPDATE, DELETE ON public.teams, public.team_members, public.projects, public.tasks TO authenticated;
        GRANT SELECT ON public.teams TO anon;
        """;

    private readonly string adminConnectionString;

    private SupabaseTarget(string adminConnectionString, string database, string connectionString)
    {
        this.adminConnectionString = adminConnectionString;
        Database = database;
        ConnectionString = connectionString;
    }

    public string Database { get; }

    /// <summary>The admin's connection string to the target's database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a database, the roles if missing, the clean schema, then <paramref name="flawSql"/>.</summary>
    public static async Task<SupabaseTarget> CreateAsync(PostgresFixture fixture, string? flawSql, CancellationToken cancellationToken)
    {
        var database = $"t_supa_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(fixture.AdminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"", cancellationToken);
            await ExecuteAsync(admin, RolesSql, cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(fixture.AdminConnectionString) { Database = database }.ConnectionString;
        var target = new SupabaseTarget(fixture.AdminConnectionString, database, connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, CleanSql, cancellationToken);
        if (flawSql is not null)
        {
            await ExecuteAsync(connection, flawSql, cancellationToken);
        }

        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await using (var own = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(own);
        }

        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

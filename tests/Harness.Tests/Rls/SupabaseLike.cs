using System.Collections.Concurrent;
using Harness.Catalog;
using Harness.Ledger;
using Harness.Manifest;
using Harness.Model;
using Harness.Running;
using Harness.Scenarios.Rls;
using Harness.Seeders;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Rls;

/// <summary>
/// A Supabase-shaped target in a database of its own: auth.uid() reading request.jwt.claims, the roles anon,
/// authenticated and authenticator (cluster-wide, created once), teams with a membership table team_members(team_id,
/// user_id), and projects whose policy checks membership through a SECURITY DEFINER helper. Seeded, with the
/// authenticator's connection. <see cref="DisposeAsync"/> drops the database.
/// </summary>
public sealed class SupabaseLike : IAsyncDisposable
{
    public const string AppRole = "authenticator";

    /// <summary>
    /// The one password of the cluster-wide <c>authenticator</c> role, whichever test creates it first: the same as the
    /// supabase fixture's manifest (<c>database.appPassword</c>), since the local cluster asks every login for a password.
    /// </summary>
    public const string AppPassword = "authenticator-dev-password";

    /// <summary>The manifest's tenancy section for the preset; tests swap the context lines.</summary>
    public const string PresetContext = "  context:\n    preset: supabase\n";

    private const long RoleLock = 0x5_0ba5e;

    private readonly string serverConnectionString;

    private SupabaseLike(string serverConnectionString, string database, string adminConnectionString, SeedLedger ledger, ScenarioContext context)
    {
        this.serverConnectionString = serverConnectionString;
        Database = database;
        AdminConnectionString = adminConnectionString;
        Ledger = ledger;
        Context = context;
    }

    public string Database { get; }

    public string AdminConnectionString { get; }

    public SeedLedger Ledger { get; }

    public ScenarioContext Context { get; }

    public ConcurrentQueue<string> Progress { get; } = new();

    private const string Schema = """
        CREATE SCHEMA auth;
        CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS
          $$ select nullif(current_setting('request.jwt.claims', true), '')::jsonb $$;
        CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
          $$ select (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid $$;
        CREATE SCHEMA private;
        CREATE TABLE public.teams (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
        CREATE TABLE public.team_members (
          team_id uuid NOT NULL REFERENCES public.teams (id) ON DELETE CASCADE,
          user_id uuid NOT NULL,
          PRIMARY KEY (team_id, user_id));
        CREATE TABLE public.projects (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          team_id uuid NOT NULL REFERENCES public.teams (id) ON DELETE CASCADE,
          name text NOT NULL);
        CREATE FUNCTION private.is_member(team uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS
          $$ select exists (select 1 from public.team_members m where m.team_id = team and m.user_id = auth.uid()) $$;
        ALTER TABLE public.teams ENABLE ROW LEVEL SECURITY;
        ALTER TABLE public.team_members ENABLE ROW LEVEL SECURITY;
        ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
        CREATE POLICY member ON public.teams FOR ALL TO authenticated USING (private.is_member(id)) WITH CHECK (private.is_member(id));
        CREATE POLICY member ON public.team_members FOR ALL TO authenticated
          USING (private.is_member(team_id)) WITH CHECK (private.is_member(team_id));
        CREATE POLICY member ON public.projects FOR ALL TO authenticated
          USING (private.is_member(team_id)) WITH CHECK (private.is_member(team_id));
        GRANT USAGE ON SCHEMA public, auth, private TO anon, authenticated;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO anon, authenticated;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA auth, private TO anon, authenticated;
        """;

    /// <summary>
    /// Creates, migrates (plus <paramref name="flaw"/>, SQL run after the schema) and seeds the target; its manifest's
    /// tenancy context is <paramref name="context"/> (YAML lines under tenancy).
    /// </summary>
    public static async Task<SupabaseLike> CreateAsync(
        PostgresFixture postgres, string context = PresetContext, string? flaw = null, int tenants = 3, CancellationToken cancellationToken = default)
    {
        var server = postgres.AdminConnectionString;
        await CreateRolesAsync(server, cancellationToken);
        var database = $"h_ctx_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"", cancellationToken);
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = database, SearchPath = "public" }.ConnectionString;
        await ExecuteAsync(admin, Schema + (flaw ?? ""), cancellationToken);

        var manifest = ManifestLoader.Parse(
            "version: 1\ntenancy:\n  key: team_id\n  root: teams\n  membership: { table: team_members, user: user_id }\n" + context
            + $"database:\n  appRole: {AppRole}\n",
            "/supabase-like/harness.yaml");
        CatalogSnapshot catalog;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            catalog = await CatalogReader.ReadAsync(connection, "public", AppRole, cancellationToken);
        }

        var model = TenancyModelResolver.Resolve(manifest, catalog);
        var ledger = await new TenantSeeder(model, catalog, new SeedOptions { Tenants = tenants }).SeedAsync(admin, cancellationToken: cancellationToken);
        var app = new NpgsqlConnectionStringBuilder(admin) { Username = AppRole, Password = AppPassword }.ConnectionString;
        var progress = new Collector();
        var target = new SupabaseLike(server, database, admin, ledger, new ScenarioContext(model, catalog, "public", admin, app, ledger, progress));
        progress.Into = target.Progress;
        return target;
    }

    public Task<ScenarioResult> RunAsync(CancellationToken cancellationToken = default) => new RlsMatrix().RunAsync(Context, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            NpgsqlConnection.ClearPool(admin);
        }

        await using (var app = new NpgsqlConnection(Context.AppConnectionString))
        {
            NpgsqlConnection.ClearPool(app);
        }

        await ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", CancellationToken.None);
    }

    /// <summary>The Supabase roles, once per cluster: roles are cluster-wide, so creation is serialized and idempotent.</summary>
    internal static Task CreateRolesAsync(string server, CancellationToken cancellationToken) => ExecuteAsync(
        server,
        $"""
        SELECT pg_advisory_lock({RoleLock});
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticator') THEN
            CREATE ROLE authenticator LOGIN PASSWORD '{AppPassword}' NOINHERIT;
          END IF;
          IF NOT pg_has_role('authenticator', 'authenticated', 'MEMBER') THEN GRANT anon, authenticated TO authenticator; END IF;
        END $$;
        SELECT pg_advisory_unlock({RoleLock});
        """,
        cancellationToken);

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Collector : IProgress<string>
    {
        public ConcurrentQueue<string>? Into { get; set; }

        public void Report(string value) => Into?.Enqueue(value);
    }
}

using System.Text.Json;
using FluentAssertions;
using Harness.Ledger;
using Harness.Seeders;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Seeders;

/// <summary>Seeding schemas as real apps write them: users in another schema, CHECKs, enums, domains, soft delete, triggers.</summary>
public sealed class RealSchemaSeedingTests(PostgresFixture postgres)
{
    private const string AuthUsers = """
        CREATE SCHEMA auth;
        CREATE TABLE auth.users (
            id uuid PRIMARY KEY,
            email text UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now(),
            banned_until timestamptz);
        """;

    private const string Teams = """
        CREATE TABLE teams (id uuid PRIMARY KEY, name text NOT NULL);
        CREATE TABLE team_members (
            team_id uuid NOT NULL REFERENCES teams(id),
            user_id uuid NOT NULL REFERENCES auth.users(id),
            role text NOT NULL CHECK (role IN ('owner', 'member')),
            PRIMARY KEY (team_id, user_id));
        """;

    private const string Projects = """
        CREATE TYPE project_kind AS ENUM ('internal', 'client');
        CREATE DOMAIN score AS integer CHECK (VALUE > 0) CHECK (VALUE <= 10);
        CREATE DOMAIN ticket AS text CHECK (VALUE ~ '^T[0-9]{5}$');
        CREATE TABLE projects (
            id uuid PRIMARY KEY,
            team_id uuid NOT NULL REFERENCES teams(id),
            created_by uuid NOT NULL REFERENCES auth.users(id),
            status text NOT NULL CHECK (status = ANY (ARRAY['active', 'done'])),
            size varchar(10) NOT NULL CHECK (size IN ('s', 'm', 'l')),
            priority integer NOT NULL CHECK (priority BETWEEN 1 AND 5),
            budget numeric(12, 2) NOT NULL CHECK (budget > 0 AND budget < 50),
            code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{3}-[0-9]{4}$'),
            title text NOT NULL CHECK (char_length(title) <= 12),
            kind project_kind NOT NULL,
            rating score NOT NULL,
            ticket ticket NOT NULL,
            deleted_at timestamptz);
        CREATE TABLE notes (
            id uuid PRIMARY KEY,
            team_id uuid NOT NULL REFERENCES teams(id),
            body text NOT NULL,
            "deletedAt" date,
            is_deleted boolean NOT NULL DEFAULT false);
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_foreign_key_into_another_schema_is_fed_by_fresh_rows_there_one_user_per_member()
    {
        await using var db = await SeedDatabase.CreateAsync(postgres, AuthUsers + Teams + Projects, Token);
        var (catalog, model) = await db.ModelAsync("team_id", "team_members", Token, "teams", "team_members", "projects", "notes");

        var ledger = await new TenantSeeder(model, catalog, new SeedOptions { Tenants = 5, UsersPerTenant = 3, RowsPerTable = 6 })
            .SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await db.CountAsync("SELECT count(*) FROM auth.users", Token)).Should().Be(15);
        (await db.CountAsync("SELECT count(DISTINCT user_id) FROM team_members", Token)).Should().Be(15, "each member is a user of its own");
        (await db.CountAsync(
            "SELECT count(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = p.team_id AND m.user_id = p.created_by)",
            Token)).Should().Be(0, "other foreign keys into the same table pick among the tenant's own users");
        (await db.CountAsync("SELECT count(*) FROM auth.users WHERE banned_until IS NOT NULL", Token)).Should().Be(0, "optional columns keep their defaults");
        foreach (var tenant in ledger.Tenants)
        {
            var users = tenant.ParentRows.Should().ContainSingle().Subject;
            users.Table.Should().Be("auth.users");
            users.Keys.Should().HaveCount(3);
            var members = await db.ListAsync($"SELECT user_id FROM team_members WHERE team_id = '{tenant.TenantId}' ORDER BY 1", Token);
            members.Should().BeEquivalentTo(users.Keys.Select(k => k[0]));
        }
    }

    [Fact]
    public async Task Checks_enums_and_domains_are_satisfied_without_rules()
    {
        await using var db = await SeedDatabase.CreateAsync(postgres, AuthUsers + Teams + Projects, Token);
        var (catalog, model) = await db.ModelAsync("team_id", "team_members", Token, "teams", "team_members", "projects", "notes");

        await new TenantSeeder(model, catalog, new SeedOptions { Tenants = 4, RowsPerTable = 40 }).SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await db.CountAsync("SELECT count(*) FROM projects", Token)).Should().Be(160);
        (await db.ListAsync("SELECT DISTINCT status FROM projects ORDER BY 1", Token)).Should().Equal("active", "done");
        (await db.ListAsync("SELECT DISTINCT size FROM projects ORDER BY 1", Token)).Should().Equal("l", "m", "s");
        (await db.ListAsync("SELECT DISTINCT role FROM team_members ORDER BY 1", Token)).Should().BeSubsetOf(["member", "owner"]);
        (await db.CountAsync("SELECT count(DISTINCT priority) FROM projects", Token)).Should().BeGreaterThan(2, "values spread over the range");
        (await db.CountAsync("SELECT count(DISTINCT code) FROM projects", Token)).Should().Be(160, "a unique pattern column stays unique");
        (await db.CountAsync("SELECT count(*) FROM projects WHERE code !~ '^[A-Z]{3}-[0-9]{4}$' OR ticket !~ '^T[0-9]{5}$'", Token)).Should().Be(0);
        (await db.CountAsync("SELECT count(DISTINCT kind) FROM projects", Token)).Should().Be(2);
        (await db.CountAsync("SELECT min(rating) FROM projects", Token)).Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_share_of_each_tenants_rows_is_seeded_soft_deleted_and_the_ledger_says_which()
    {
        await using var db = await SeedDatabase.CreateAsync(postgres, AuthUsers + Teams + Projects, Token);
        var (catalog, model) = await db.ModelAsync("team_id", "team_members", Token, "teams", "team_members", "projects", "notes");

        var ledger = await new TenantSeeder(model, catalog, new SeedOptions { Tenants = 3, RowsPerTable = 5, SoftDeleted = 0.4 })
            .SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await db.CountAsync("SELECT count(*) FROM projects WHERE deleted_at IS NOT NULL", Token)).Should().Be(6);
        (await db.CountAsync("SELECT count(*) FROM notes WHERE \"deletedAt\" IS NOT NULL AND is_deleted", Token)).Should().Be(6);
        (await db.CountAsync("SELECT count(*) FROM notes WHERE \"deletedAt\" IS NULL AND NOT is_deleted", Token)).Should().Be(9);
        foreach (var tenant in ledger.Tenants)
        {
            var projects = tenant.Table("projects")!;
            projects.Deleted.Should().Equal(3, 4);
            foreach (var (key, index) in projects.Keys.Select((k, i) => (k, i)))
            {
                (await db.CountAsync($"SELECT count(*) FROM projects WHERE id = '{key[0]}' AND deleted_at IS NOT NULL", Token))
                    .Should().Be(projects.IsDeleted(index) ? 1 : 0);
            }

            tenant.Table("teams")!.Deleted.Should().BeNull();
        }

        var path = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.json");
        try
        {
            await new SeedLedger(1, "team_id", [ledger.Tenants[0] with { Tables = [.. ledger.Tenants[0].Tables.Where(t => t.Table is "teams" or "projects")] }])
                .SaveAsync(path, Token);
            var json = await File.ReadAllTextAsync(path, Token);
            json.Should().Contain("\"deleted\": [").And.Contain("\"parentRows\"");
            JsonDocument.Parse(json).RootElement.GetProperty("tenants")[0].GetProperty("tables")[0].TryGetProperty("deleted", out _)
                .Should().BeFalse("an empty list is left out of the ledger");
            (await SeedLedger.LoadAsync(path, Token)).Tenants[0].Table("projects")!.Deleted.Should().Equal(3, 4);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Soft_delete_can_be_turned_off()
    {
        await using var db = await SeedDatabase.CreateAsync(postgres, AuthUsers + Teams + Projects, Token);
        var (catalog, model) = await db.ModelAsync("team_id", "team_members", Token, "teams", "team_members", "projects", "notes");

        var ledger = await new TenantSeeder(model, catalog, new SeedOptions { Tenants = 2, SoftDeleted = 0 }).SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await db.CountAsync("SELECT count(*) FROM projects WHERE deleted_at IS NOT NULL", Token)).Should().Be(0);
        ledger.Tenants.SelectMany(t => t.Tables).Should().OnlyContain(t => t.Deleted == null);
    }

    [Fact]
    public async Task An_outside_table_the_seeder_cannot_fill_is_refused_naming_the_key_the_column_and_the_rule()
    {
        await using var db = await SeedDatabase.CreateAsync(postgres, AuthUsers + "ALTER TABLE auth.users ADD COLUMN home point NOT NULL;" + Teams, Token);
        var (catalog, model) = await db.ModelAsync("team_id", "team_members", Token, "teams", "team_members");

        var act = () => new TenantSeeder(model, catalog, new SeedOptions { Tenants = 2 }).SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await act.Should().ThrowAsync<SeedException>()).Which.Message.Should()
            .Contain("team_members.user_id → auth.users(id)")
            .And.Contain("auth.users.home is NOT NULL without a DEFAULT")
            .And.Contain("team_members.user_id: { values: [")
            .And.Contain("tenancy: global: [users]");
    }

    [Fact]
    public async Task A_rule_on_the_foreign_key_uses_existing_rows_instead()
    {
        await using var db = await SeedDatabase.CreateAsync(
            postgres,
            AuthUsers + "ALTER TABLE auth.users ADD COLUMN home point NOT NULL;" + Teams +
            "INSERT INTO auth.users (id, home) VALUES ('00000000-0000-4000-8000-000000000001', '(0,0)');",
            Token);
        var (catalog, model) = await db.ModelAsync("team_id", "team_members", Token, "teams", "team_members");
        var rules = new Dictionary<string, ColumnRule> { ["team_members.user_id"] = ColumnRule.OneOf("00000000-0000-4000-8000-000000000001") };

        var ledger = await new TenantSeeder(model, catalog, new SeedOptions { Tenants = 3, UsersPerTenant = 1, Rules = rules })
            .SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await db.CountAsync("SELECT count(*) FROM team_members", Token)).Should().Be(3);
        (await db.CountAsync("SELECT count(*) FROM auth.users", Token)).Should().Be(1);
        ledger.Tenants.Should().OnlyContain(t => t.ParentRows == null);
    }

    [Fact]
    public async Task A_check_the_seeder_cannot_read_fails_naming_the_constraint_and_the_rule_not_a_bare_sqlstate()
    {
        await using var db = await SeedDatabase.CreateAsync(
            postgres, "CREATE TABLE teams (id uuid PRIMARY KEY, name text NOT NULL CONSTRAINT name_is_shouted CHECK (name = upper(name)));", Token);
        var (catalog, model) = await db.ModelAsync("team_id", "teams", Token, "teams");
        model = model with { Membership = null };

        var act = () => new TenantSeeder(model, catalog, new SeedOptions { Tenants = 3 }).SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await act.Should().ThrowAsync<SeedException>()).Which.Message.Should()
            .Contain("name_is_shouted").And.Contain("upper(name)").And.Contain("teams.name: { values: [");
    }

    [Fact]
    public async Task A_pattern_the_seeder_cannot_generate_is_refused_before_loading_naming_the_check_and_the_rule()
    {
        await using var db = await SeedDatabase.CreateAsync(
            postgres, "CREATE TABLE teams (id uuid PRIMARY KEY, code text NOT NULL CONSTRAINT code_shape CHECK (code ~ '^(ab|cd)+$'));", Token);
        var (catalog, model) = await db.ModelAsync("team_id", "teams", Token, "teams");
        model = model with { Membership = null };

        var act = () => new TenantSeeder(model, catalog, new SeedOptions { Tenants = 2 }).SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await act.Should().ThrowAsync<SeedException>()).Which.Message.Should()
            .Contain("code_shape").And.Contain("teams.code: { values: [");
        (await db.CountAsync("SELECT count(*) FROM teams", Token)).Should().Be(0);
    }

    [Fact]
    public async Task Weighted_rules_with_null_give_the_mix_asked_for()
    {
        await using var db = await SeedDatabase.CreateAsync(postgres, AuthUsers + Teams + Projects, Token);
        var (catalog, model) = await db.ModelAsync("team_id", "team_members", Token, "teams", "team_members", "projects", "notes");
        var rules = new Dictionary<string, ColumnRule>
        {
            ["projects.deleted_at"] = ColumnRule.Weighted(["2025-01-01T00:00:00Z", null], [1, 3]),
        };

        await new TenantSeeder(model, catalog, new SeedOptions { Tenants = 4, RowsPerTable = 250, Rules = rules })
            .SeedAsync(db.ConnectionString, cancellationToken: Token);

        var set = await db.CountAsync("SELECT count(*) FROM projects WHERE deleted_at IS NOT NULL", Token);
        set.Should().BeInRange(180, 320, "one row in four of 1000");
        (await db.CountAsync("SELECT count(*) FROM projects WHERE deleted_at IS NULL", Token)).Should().Be(1000 - set);
    }

    [Fact]
    public async Task Tables_whose_triggers_read_the_context_load_with_each_tenants_id_set()
    {
        await using var db = await SeedDatabase.CreateAsync(postgres, """
            CREATE TABLE teams (id uuid PRIMARY KEY, name text NOT NULL);
            CREATE TABLE docs (id uuid PRIMARY KEY, team_id uuid NOT NULL REFERENCES teams(id), body text NOT NULL, stamped_for text);
            CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('app.team_id', true) IS DISTINCT FROM NEW.team_id::text THEN
                    RAISE EXCEPTION 'row for % written as %', NEW.team_id, current_setting('app.team_id', true);
                END IF;
                NEW.stamped_for := current_setting('app.team_id', true);
                RETURN NEW;
            END $$;
            CREATE TRIGGER stamp BEFORE INSERT ON docs FOR EACH ROW EXECUTE FUNCTION stamp();
            """, Token);
        var (catalog, model) = await db.ModelAsync("team_id", "teams", Token, "teams", "docs");
        model = model with { Membership = null };

        await new TenantSeeder(model, catalog, new SeedOptions { Tenants = 5, Parallelism = 2 }).SeedAsync(db.ConnectionString, cancellationToken: Token);

        (await db.CountAsync("SELECT count(*) FROM docs", Token)).Should().Be(25);
        (await db.CountAsync("SELECT count(*) FROM docs WHERE stamped_for = team_id::text", Token)).Should().Be(25);
    }
}

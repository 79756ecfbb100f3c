using FluentAssertions;
using Harness.Scenarios.Survival;

namespace Harness.Tests.Survival;

public sealed class MigrationLintTests
{
    [Fact]
    public void Finds_each_kind_at_the_line_its_statement_starts_with_that_line_as_excerpt()
    {
        const string sql = """
            -- 007: risky changes
            ALTER TABLE public.sites
              DISABLE ROW LEVEL SECURITY;
            alter table "Sign Ins" no   force
              row level security;
            drop policy if exists tenant_isolation on app.sites;
            create table sites_copy (LIKE sites INCLUDING ALL);
            CREATE OR REPLACE FUNCTION app.owner_of(id uuid) RETURNS uuid
              LANGUAGE sql SECURITY DEFINER
              AS $$ select owner from sites where id = $1 $$;
            grant select on table sites to app_user, public;
            create view site_names as select name from sites;
            """;

        var hits = MigrationLint.Lint("migrations/007_risky.sql", sql);

        hits.Select(h => (h.Kind, h.Line, h.Subject)).Should().Equal(
            (MigrationLintKind.DisableRowSecurity, 2, "sites"),
            (MigrationLintKind.NoForceRowSecurity, 4, "Sign Ins"),
            (MigrationLintKind.DropPolicy, 6, "tenant_isolation on sites"),
            (MigrationLintKind.CreateTableLikeIncludingAll, 7, "sites_copy"),
            (MigrationLintKind.SecurityDefinerWithoutSearchPath, 8, "owner_of"),
            (MigrationLintKind.GrantToPublic, 11, "sites"),
            (MigrationLintKind.ViewWithoutSecurityInvoker, 12, "site_names"));
        hits.Should().OnlyContain(h => h.Path == "migrations/007_risky.sql" && h.Message.Length > 40);
        hits[0].Excerpt.Should().Be("ALTER TABLE public.sites");
        hits[4].Excerpt.Should().Be("CREATE OR REPLACE FUNCTION app.owner_of(id uuid) RETURNS uuid");
    }

    [Fact]
    public void Ignores_them_in_comments_strings_and_function_bodies()
    {
        const string sql = """
            -- alter table sites disable row level security;
            /* drop policy p on sites; grant select on sites to public; */
            insert into notes (body) values ('alter table sites no force row level security; create view v as select 1;');
            create function f() returns void language plpgsql set search_path = app as $$
            begin
              execute 'drop policy p on sites';
              create temp table x (like sites including all);
            end $$;
            do $do$ begin alter table sites disable row level security; end $do$;
            comment on table sites is 'GRANT ALL ON sites TO PUBLIC';
            """;

        MigrationLint.Lint("m.sql", sql).Should().BeEmpty();
    }

    [Fact]
    public void Leaves_the_safe_forms_alone()
    {
        const string sql = """
            alter table sites enable row level security;
            alter table sites force row level security;
            create policy p on sites using (company_id = current_setting('app.company_id')::uuid);
            create table sites_copy (like sites including defaults);
            create table sites_copy2 (like sites including all excluding indexes) ;
            create function g() returns int language sql security definer set search_path = pg_catalog, app as $$ select 1 $$;
            create function h() returns int language sql security definer set "search_path" from current as 'select 1';
            create function k() returns int language sql security invoker as $$ select 1 $$;
            grant select on sites to app_user with grant option;
            grant execute on function public.f() to app_user;
            create or replace view v with (security_invoker = true, security_barrier) as select 1;
            create view w with (security_invoker) as select 1;
            create view "Public" WITH (security_invoker='on') as select 1;
            create materialized view mv as select 1;
            """;

        var hits = MigrationLint.Lint("m.sql", sql);

        // INCLUDING ALL EXCLUDING INDEXES still copies no policy: it is flagged, the rest is not.
        hits.Select(h => (h.Kind, h.Line)).Should().Equal((MigrationLintKind.CreateTableLikeIncludingAll, 5));
    }

    [Fact]
    public void Flags_a_search_path_set_to_default_a_view_with_security_invoker_off_and_default_privileges_for_public()
    {
        const string sql = """
            create function g() returns int language sql security definer set search_path to default as $$ select 1 $$;
            create view v with (security_barrier, security_invoker = false) as select 1;
            alter default privileges in schema app grant select on tables to PUBLIC;
            grant app_reader to group "public";
            """;

        var hits = MigrationLint.Lint("m.sql", sql);

        hits.Select(h => (h.Kind, h.Line, h.Subject)).Should().Equal(
            (MigrationLintKind.SecurityDefinerWithoutSearchPath, 1, "g"),
            (MigrationLintKind.ViewWithoutSecurityInvoker, 2, "v"),
            (MigrationLintKind.GrantToPublic, 3, "default privileges"),
            (MigrationLintKind.GrantToPublic, 4, ""));
        hits[1].Message.Should().Contain("security_invoker off");
    }

    [Fact]
    public void A_search_path_set_inside_the_body_does_not_count_for_the_definer_function()
    {
        const string sql = """
            create function f() returns int language plpgsql security definer as $$
            begin
              set search_path = app;
              return 1;
            end $$;
            """;

        MigrationLint.Lint("m.sql", sql).Should().ContainSingle()
            .Which.Should().Match<MigrationLintHit>(h => h.Kind == MigrationLintKind.SecurityDefinerWithoutSearchPath && h.Line == 1 && h.Subject == "f");
    }
}

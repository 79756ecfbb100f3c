using FluentAssertions;
using Harness.Scenarios.Survival;

namespace Harness.Tests.Survival;

public sealed class StatementLocatorTests
{
    private const string Sql = """
        create table "Sites" (id uuid primary key, company_id uuid);
        -- alter table sites enable row level security;
        create table sites (id uuid primary key, company_id uuid);
        comment on table sites is 'alter table sites disable row level security';
        ALTER TABLE ONLY public.sites
            ENABLE ROW LEVEL SECURITY;
        create policy tenant on public.sites using (company_id = current_setting('app.company_id')::uuid);
        create policy tenant on other using (true);
        create or replace view app.site_list as select id from sites;
        create function app.site_owner() returns uuid language sql as $$ alter table sites alter column company_id drop not null $$;
        grant select on sites to app_user;
        alter table sites rename to places;
        alter table places alter column company_id drop not null;
        """;

    [Theory]
    [InlineData(new[] { "ALTER TABLE", "ROW LEVEL SECURITY" }, new[] { "sites" }, 5)]
    [InlineData(new[] { "CREATE|ALTER|DROP", "POLICY" }, new[] { "tenant", "sites" }, 7)]
    [InlineData(new[] { "CREATE|ALTER|DROP", "POLICY" }, new[] { "tenant", "other" }, 8)]
    [InlineData(new[] { "CREATE", "VIEW" }, new[] { "site_list" }, 9)]
    [InlineData(new[] { "CREATE", "FUNCTION" }, new[] { "site_owner" }, 10)]
    [InlineData(new[] { "GRANT", "ON" }, new[] { "sites" }, 11)]
    [InlineData(new[] { "CREATE|ALTER", "TABLE" }, new[] { "Sites" }, 1)]
    [InlineData(new[] { "CREATE|ALTER", "TABLE" }, new[] { "sites" }, 3)]
    [InlineData(new[] { "ALTER TABLE", "RENAME" }, new[] { "places" }, 12)]
    [InlineData(new[] { "ALTER TABLE", "ALTER COLUMN" }, new[] { "places", "company_id" }, 13)]
    public void Finds_the_first_statement_with_the_keywords_that_names_the_objects(string[] keywords, string[] names, int line) =>
        StatementLocator.Find(Sql, keywords, names).Should().Be(line);

    [Theory]
    [InlineData(new[] { "ALTER TABLE", "DISABLE ROW LEVEL SECURITY" }, new[] { "sites" })]
    [InlineData(new[] { "ALTER TABLE", "ALTER COLUMN" }, new[] { "sites", "company_id" })]
    [InlineData(new[] { "CREATE", "VIEW" }, new[] { "site_names" })]
    [InlineData(new[] { "POLICY" }, new[] { "tenant" })]
    public void Finds_nothing_in_comments_strings_bodies_or_past_the_statement_start(string[] keywords, string[] names) =>
        StatementLocator.Find(Sql, keywords, names).Should().BeNull();
}

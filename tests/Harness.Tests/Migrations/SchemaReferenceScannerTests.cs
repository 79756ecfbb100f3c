using FluentAssertions;
using Harness.Migrations;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Migrations;

public sealed class SchemaReferenceScannerTests
{
    [Fact]
    public void Finds_each_kind_of_statement_that_names_a_schema_with_its_line()
    {
        const string sql = """
            create table plain (id int primary key);
            CREATE SCHEMA IF NOT EXISTS auth;
            create table auth.users (id uuid primary key);
            create table notes (id int, author uuid references auth.users (id));
            create or replace function app_private.fn() returns int language sql as $$ select 1 $$;
            alter table public.notes add column x int;
            create table keys (k bytea default extensions.gen_random_bytes(16));
            grant usage on schema storage to someone;
            create index notes_x on "Billing".invoices (x);
            """;

        var found = SchemaReferenceScanner.Scan(sql, "m.sql");

        found.Select(f => (f.Line, string.Join(",", f.Schemas))).Should().Equal(
            (2, "auth"), (3, "auth"), (4, "auth"), (5, "app_private"), (6, "public"), (7, "extensions"), (8, "storage"), (9, "Billing"));
        found[0].ToString().Should().Be("m.sql:2: CREATE SCHEMA IF NOT EXISTS auth;");
    }

    [Fact]
    public void Ignores_comments_strings_function_bodies_grants_on_public_and_unqualified_statements()
    {
        const string sql = """
            -- create table auth.users (id int);
            /* create schema hidden; */
            create table t (id int, note text default 'auth.users(');
            create function f() returns int language plpgsql as $body$ begin perform auth.uid(); return 1; end $body$;
            grant usage on schema public to app;
            create view v as select a.id from t a join t b on a.id = b.id;
            select set_config('app.tenant_id', '1', true);
            create table u (n numeric(10, 2), c text collate pg_catalog."default");
            """;

        SchemaReferenceScanner.Scan(sql, "m.sql").Should().BeEmpty();
    }

    [Fact]
    public void The_sample_migrations_name_no_schema()
    {
        SchemaReferenceScanner.ScanFolder(RepositoryPaths.SampleMigrations).Should().BeEmpty();
        SchemaReferenceScanner.RefusalFor([]).Should().BeNull();
    }

    [Fact]
    public void The_refusal_names_the_first_statement_every_schema_and_the_setting()
    {
        var references = SchemaReferenceScanner.Scan("select 1;\ncreate schema auth;\ncreate table app_private.x (id int);", "/m/001.sql");

        var refusal = SchemaReferenceScanner.RefusalFor(references)!;

        refusal.Message.Should().Contain("(auth, app_private), first at /m/001.sql:2: create schema auth;").And.Contain("set database.isolation: database");
        refusal.Migration.Should().Be("/m/001.sql");
    }
}

using FluentAssertions;
using Harness.Scenarios.Survival;

namespace Harness.Tests.Survival;

public sealed class SqlStatementSplitterTests
{
    [Fact]
    public void Splits_at_semicolons_outside_comments_strings_quoted_names_bodies_and_parentheses_with_each_start_line()
    {
        const string sql = """
            -- a comment; not a statement
            create table "a;b" (note text default 'x;y', e text default E'it\'s; fine');
            /* a block /* nested; */ still comment; */
            create function f() returns int language plpgsql as $body$ begin return 1; end $body$;

            do $$ begin perform 1; end $$;
            create rule r as on insert to t do also (insert into u values (1); insert into u values (2));
            select 1
            """;

        var statements = SqlStatementSplitter.Split(sql);

        statements.Select(s => s.Line).Should().Equal(2, 4, 6, 7, 8);
        statements[0].Text.Should().StartWith("create table \"a;b\"").And.EndWith("fine')");
        statements[1].Bodies.Should().Equal(" begin return 1; end ");
        statements[2].Bodies.Should().Equal(" begin perform 1; end ");
        statements[4].Text.Should().Be("select 1");
    }

    [Fact]
    public void Blanks_comments_string_contents_and_bodies_in_the_code_keeping_offsets_and_line_breaks()
    {
        const string sql = "create view v as select 'DROP POLICY' as x -- DROP POLICY\n, $q$ DROP POLICY $q$ as y /* c */";

        var statement = SqlStatementSplitter.Split(sql).Single();

        statement.Code.Should().NotContain("DROP").And.Contain("'           '").And.Contain("\n");
        statement.Code.Length.Should().Be(statement.Text.Length);
        statement.Text.Should().EndWith("as y", "a trailing comment is not part of the statement");
        statement.LineAt(statement.Text.IndexOf(", $q$", StringComparison.Ordinal)).Should().Be(2);
    }

    [Fact]
    public void Keeps_the_semicolons_of_a_begin_atomic_body_and_reads_positional_parameters_and_dollar_names_as_code()
    {
        const string sql = """
            create function add(a int, b int) returns int language sql
            begin atomic
              select case when $1 > 0 then $1 else 0 end;
              select a + b;
            end;
            select price$ from t;
            begin;
            commit;
            """;

        var statements = SqlStatementSplitter.Split(sql);

        statements.Select(s => s.Line).Should().Equal(1, 6, 7, 8);
        statements[0].Text.Should().EndWith("end");
        statements[1].Code.Should().Be("select price$ from t");
    }

    [Fact]
    public void An_unterminated_string_or_body_runs_to_the_end_of_the_text()
    {
        var statements = SqlStatementSplitter.Split("select 1;\nselect 'open; still open\n;\ncreate table x (id int);");

        statements.Should().HaveCount(2);
        statements[1].Line.Should().Be(2);
    }
}

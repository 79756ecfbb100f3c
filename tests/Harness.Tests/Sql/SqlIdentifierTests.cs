using FluentAssertions;
using Harness.Model;
using Harness.Sql;

namespace Harness.Tests.Sql;

public sealed class SqlIdentifierTests
{
    [Theory]
    [InlineData("orders", "\"orders\"")]
    [InlineData("Company", "\"Company\"")]
    [InlineData("companyId", "\"companyId\"")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("", "\"\"")]
    public void A_name_is_double_quoted_with_inner_quotes_doubled(string name, string quoted)
    {
        SqlIdentifier.Quote(name).Should().Be(quoted);
    }

    [Fact]
    public void A_qualified_name_quotes_each_part_on_its_own()
    {
        SqlIdentifier.Quote("app", "Company").Should().Be("\"app\".\"Company\"");
        SqlIdentifier.Quote("my.schema", "a\"b").Should().Be("\"my.schema\".\"a\"\"b\"", "a dot inside a part is part of the name");
    }

    [Fact]
    public void A_table_name_quotes_itself_the_same_way()
    {
        new TableName("Sign\"Ins").Quoted.Should().Be(SqlIdentifier.Quote("Sign\"Ins"));
    }

    [Fact]
    public void A_missing_name_is_refused()
    {
        var act = () => SqlIdentifier.Quote(null!);

        act.Should().Throw<ArgumentNullException>();
    }
}

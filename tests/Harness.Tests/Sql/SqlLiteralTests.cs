using FluentAssertions;
using Harness.Sql;

namespace Harness.Tests.Sql;

public sealed class SqlLiteralTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("''", "''''''")]
    [InlineData("", "''")]
    [InlineData("back\\slash", "'back\\slash'")]
    public void A_value_is_single_quoted_with_inner_quotes_doubled(string value, string literal)
    {
        SqlLiteral.Quote(value).Should().Be(literal);
    }
}

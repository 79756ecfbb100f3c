using FluentAssertions;
using Harness.Seeders;

namespace Harness.Tests.Seeders;

public sealed class CheckParserTests
{
    [Theory]
    [InlineData("CHECK ((status = ANY (ARRAY['a'::text, 'b''c'::text])))", "status", "InList:a|b'c")]
    [InlineData("CHECK (((size)::text = ANY ((ARRAY['s'::character varying, 'm'::character varying])::text[])))", "size", "InList:s|m")]
    [InlineData("CHECK (((priority >= 1) AND (priority <= 5)))", "priority", "Compare:>=1,Compare:<=5")]
    [InlineData("CHECK ((amount > (0)::numeric))", "amount", "Compare:>0")]
    [InlineData("CHECK ((char_length(title) <= 80))", "title", "Length:<=80")]
    [InlineData("CHECK ((code ~ '^[A-Z]{3}-[0-9]{4}$'::text))", "code", "Matches:^[A-Z]{3}-[0-9]{4}$")]
    [InlineData("CHECK ((VALUE > 0))", "VALUE", "Compare:>0")]
    public void Reads_the_shapes_pg_get_constraintdef_prints(string definition, string column, string expected)
    {
        var terms = CheckParser.Parse(definition, column);

        terms.Should().NotBeNull();
        string.Join(",", terms!.Select(t => t switch
        {
            CheckParser.InList l => "InList:" + string.Join("|", l.Values),
            CheckParser.Compare c => $"Compare:{c.Op}{c.Value}",
            CheckParser.Length l => $"Length:{l.Op}{l.Value}",
            CheckParser.Matches m => "Matches:" + m.Pattern,
            _ => "?",
        })).Should().Be(expected);
    }

    [Theory]
    [InlineData("CHECK ((name = upper(name)))", "name")]
    [InlineData("CHECK (((ends_at IS NULL) OR (ends_at > starts_at)))", "ends_at")]
    public void Anything_else_is_not_understood(string definition, string column) =>
        CheckParser.Parse(definition, column).Should().BeNull();

    [Theory]
    [InlineData("^[A-Z]{3}-[0-9]{4}$", @"^[A-Z]{3}-[0-9]{4}$")]
    [InlineData(@"^\d+(\.\d+)?$", null)]
    [InlineData("^[a-z0-9_]{2,8}x?$", "^[a-z0-9_]{2,8}x?$")]
    public void Generates_values_that_match_simple_patterns(string pattern, string? check)
    {
        var parsed = RegexPattern.TryParse(pattern, out var generator, out var problem);

        parsed.Should().Be(check is not null, problem);
        if (check is not null)
        {
            var random = new Random(3);
            for (var i = 0; i < 200; i++)
            {
                generator!.Generate(random, i % 2 == 0 ? i : null).Should().MatchRegex(check);
            }
        }
    }
}

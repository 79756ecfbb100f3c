using FluentAssertions;
using Harness.Manifest;

namespace Harness.Tests.Manifest;

/// <summary>YAML that does not parse is refused at file:line:column, also where YamlDotNet itself reports no position.</summary>
public sealed class ManifestYamlErrorTests
{
    [Theory]
    [InlineData("version: 1\nscenarios: [audit, rls\ntenancy:\n  key: company_id\n", 2, 12, "the list opened here with '[' is not closed")]
    [InlineData("version: 1\ntenancy:\n  key: company_id\n  root: companies\n  global: [plans\ndatabase:\n  appRole: app\n", 5, 11, "the list opened here with '[' is not closed")]
    [InlineData("version: 1\ntenancy: {key: company_id, root: companies\ndatabase:\n  appRole: app\n", 2, 10, "the mapping opened here with '{' is not closed")]
    public void An_unclosed_flow_collection_is_named_where_it_was_opened(string yaml, int line, int column, string problem)
    {
        var parse = () => ManifestLoader.Parse(yaml, "harness.yaml");

        var error = parse.Should().Throw<ManifestException>().Which;
        error.Message.Should().StartWith($"harness.yaml:{line}:{column}: not valid YAML: {problem}");
        (error.Line, error.Column).Should().Be((line, column));
    }

    [Fact]
    public void Other_syntax_errors_keep_the_position_the_parser_gives()
    {
        var parse = () => ManifestLoader.Parse("version: 1\ntenancy:\n  key: \"company_id\n", "harness.yaml");

        parse.Should().Throw<ManifestException>().WithMessage("harness.yaml:3:8: not valid YAML: *quoted scalar*");
    }

    [Fact]
    public void A_flow_list_spread_over_lines_and_closed_is_valid()
    {
        var manifest = ManifestLoader.Parse("version: 1\ntenancy:\n  key: company_id\n  root: companies\n  global: [plans,\n    features]\n  context: { setting: app.company_id }\ndatabase:\n  appRole: app\n", "harness.yaml");

        manifest.Tenancy.Global.Should().Equal("plans", "features");
    }
}

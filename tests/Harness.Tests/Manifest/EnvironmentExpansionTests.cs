using FluentAssertions;
using Harness.Manifest;

namespace Harness.Tests.Manifest;

public sealed class EnvironmentExpansionTests
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["APP_PASSWORD"] = "s3cret'\"",
        ["APP_ROLE"] = "app_user",
        ["EMPTY"] = "",
    };

    private const string Manifest = """
        version: 1
        tenancy:
          key: org_id
          root: orgs
          context:
            setting: app.org_id
        database:
          appRole: ${APP_ROLE}
          appPassword: "${APP_PASSWORD}"
        migrations:
          command: ["sh", "-c", "echo ${MISSING:-fallback} $${LITERAL}"]
        """;

    [Fact]
    public void Values_name_environment_variables_with_defaults_and_escapes()
    {
        var manifest = ManifestLoader.Parse(Manifest, "/x/harness.yaml", [], Variables.GetValueOrDefault);

        manifest.Database.AppRole.Should().Be("app_user");
        manifest.Database.AppPassword.Should().Be("s3cret'\"");
        manifest.Migrations!.Command.Should().Equal("sh", "-c", "echo fallback ${LITERAL}");
    }

    [Fact]
    public void A_variable_that_is_not_set_is_an_error_at_its_line_and_column()
    {
        var yaml = Manifest.Replace("${APP_ROLE}", "${NOT_SET_ANYWHERE}", StringComparison.Ordinal);

        var act = () => ManifestLoader.Parse(yaml, "/x/harness.yaml", [], Variables.GetValueOrDefault);

        var error = act.Should().Throw<ManifestException>().Which;
        (error.Line, error.Column).Should().Be((8, 12));
        error.Problem.Should().Be("environment variable NOT_SET_ANYWHERE is not set; set it, or give a default: ${NOT_SET_ANYWHERE:-value}");
    }

    [Theory]
    [InlineData("${EMPTY:-used}", "used")]
    [InlineData("a${APP_ROLE}b${APP_ROLE}", "aapp_userbapp_user")]
    [InlineData("$HOME and $ alone", "$HOME and $ alone")]
    [InlineData("{port} stays", "{port} stays")]
    public void Expansion_touches_only_braced_references(string text, string expected) =>
        EnvironmentExpansion.Expand(text, Variables.GetValueOrDefault, problem => new InvalidOperationException(problem)).Should().Be(expected);

    [Theory]
    [InlineData("${UNCLOSED", "is not closed")]
    [InlineData("${1BAD}", "does not name an environment variable")]
    [InlineData("${}", "does not name an environment variable")]
    public void Malformed_references_are_refused(string text, string problem)
    {
        var act = () => EnvironmentExpansion.Expand(text, Variables.GetValueOrDefault, p => new InvalidOperationException(p));

        act.Should().Throw<InvalidOperationException>().WithMessage($"*{problem}*");
    }

    [Fact]
    public void Keys_are_never_expanded()
    {
        var yaml = Manifest + "\n${APP_ROLE}: 1\n";

        var act = () => ManifestLoader.Parse(yaml, "/x/harness.yaml", [], Variables.GetValueOrDefault);

        act.Should().Throw<ManifestException>().Which.Problem.Should().StartWith("unknown key '${APP_ROLE}'");
    }
}

using FluentAssertions;
using Harness.Manifest;
using Harness.Runner;
using Harness.Seeders;

namespace Harness.Tests.Manifest;

public sealed class SeedSectionTests
{
    private const string Head = "version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context:\n    setting: app.org_id\ndatabase:\n  appRole: app\n";

    [Fact]
    public void Rules_take_null_values_and_weights_and_soft_delete_has_a_share()
    {
        var manifest = ManifestLoader.Parse(Head + """
            seed:
              softDeleted: 0.5
              rules:
                projects.status: { values: [active, ~, null, "null", ''] }
                projects.priority: { values: [low, high], weights: [3, 1.5] }
            """, "/x/h.yaml");

        manifest.Seed.SoftDeleted.Should().Be(0.5);
        manifest.Seed.Rules[0].Values.Should().Equal("active", null, null, "null", "");
        manifest.Seed.Rules[0].Weights.Should().BeNull();
        manifest.Seed.Rules[1].Weights.Should().Equal(3, 1.5);
        SeedRules.From(manifest.Seed)["projects.priority"].Should().BeOfType<ColumnRule.OneOfRule>()
            .Which.Weights.Should().Equal(3, 1.5);
    }

    [Fact]
    public void Soft_delete_defaults_to_a_fifth()
    {
        ManifestLoader.Parse(Head, "/x/h.yaml").Seed.SoftDeleted.Should().Be(0.2);
    }

    [Theory]
    [InlineData("seed:\n  rules:\n    a.b: { values: [x, y], weights: [1] }\n", 11, 37, "'weights' for a.b must be a list of 2 positive numbers")]
    [InlineData("seed:\n  rules:\n    a.b: { values: [x, y], weights: [1, 0] }\n", 11, 41, "every weight for a.b must be a number above 0")]
    [InlineData("seed:\n  rules:\n    a.b: { useDefault: true, weights: [1] }\n", 11, 39, "'weights' for a.b needs 'values' to weigh")]
    [InlineData("seed:\n  rules:\n    a.b: { values: [[x]] }\n", 11, 21, "every item of 'seed.rules.a.b.values' must be a value or null")]
    [InlineData("seed:\n  softDeleted: 2\n", 10, 16, "'seed.softDeleted' must be a number from 0 to 1")]
    public void Rule_errors_name_the_line_and_column(string yaml, int line, int column, string problem)
    {
        var act = () => ManifestLoader.Parse(Head + yaml, "/x/h.yaml");

        var error = act.Should().Throw<ManifestException>().Which;
        error.Problem.Should().StartWith(problem);
        (error.Line, error.Column).Should().Be((line, column));
    }
}

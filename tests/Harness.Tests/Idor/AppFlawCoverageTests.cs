extern alias SampleApp;

using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Tests.Fixtures.Chaos;
using Harness.Tests.Fixtures.Quota;
using Flaws = SampleApp::SampleTarget.Configuration.Flaws;

namespace Harness.Tests.Idor;

/// <summary>
/// Every app-level flaw of the two targets has an expected IDOR finding in the theories above (a new flaw must get one),
/// except the quota flaws and the chaos and job flaws, which the tests of Fixtures/Quota and Fixtures/Chaos show instead.
/// </summary>
public sealed partial class AppFlawCoverageTests
{
    [Fact]
    public void Every_sample_app_level_flaw_is_expected_to_be_found() =>
        FlawExpectations.Sample.Keys.Concat(QuotaFlaws.Sample).Concat(ChaosFlaws.Sample).Should().BeEquivalentTo(Flaws.AppLevel.Keys);

    [Fact]
    public async Task Every_node_flaw_is_expected_to_be_found()
    {
        var source = await File.ReadAllTextAsync(Path.Combine(HttpTargets.NodeTarget, "flaws.js"), TestContext.Current.CancellationToken);

        FlawExpectations.Node.Keys.Concat(QuotaFlaws.Node).Concat(ChaosFlaws.Node).Should().BeEquivalentTo(KnownNodeFlaw().Matches(source).Select(m => m.Groups[1].Value));
    }

    [GeneratedRegex(@"^\s+'(node-[a-z-]+)':", RegexOptions.Multiline)]
    private static partial Regex KnownNodeFlaw();
}

using System.Text;
using FluentAssertions;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting;

/// <summary>The report set writes each scenario's artifacts next to report.json as <c>&lt;scenario id&gt;-&lt;file name&gt;</c>, and refuses two that would share a file.</summary>
public sealed class ReportSetArtifactTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("harness-artifacts-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public async Task Artifacts_are_written_next_to_the_reports_under_their_scenarios_name()
    {
        var folder = Path.Combine(root.FullName, "run");

        await ReportSet.WriteAsync(SoakReports.Soak(), folder, null, Token);

        Directory.GetFiles(folder).Select(Path.GetFileName).Should().BeEquivalentTo([.. ReportSet.FileNames(withLedger: false), "soak-t2.hlog"]);
        (await File.ReadAllTextAsync(Path.Combine(folder, "soak-t2.hlog"), Token)).Should().Be("#[StartTime: 0]\n");
    }

    [Theory]
    [InlineData("soak:t2.hlog", "soak:t2.hlog")]
    [InlineData("soak:t2.hlog", "soak:T2.hlog")]
    [InlineData("soak:a-b.hlog", "soak-a:b.hlog")]
    public async Task Two_artifacts_for_one_file_are_refused_before_anything_is_written(string first, string second)
    {
        var folder = Path.Combine(root.FullName, "run");
        var artifacts = new[] { first, second }.Select(a => a.Split(':')).Select(a => (Scenario: a[0], File: a[1])).ToList();
        var report = SampleReports.Clean() with
        {
            Scenarios =
            [
                .. SampleReports.Clean().Scenarios,
                .. artifacts.GroupBy(a => a.Scenario).Select(g => new ScenarioResult(g.Key, [], TimeSpan.FromSeconds(1))
                {
                    Artifacts = [.. g.Select(a => new ScenarioArtifact(a.File, "text/plain", Encoding.ASCII.GetBytes("x")))],
                }),
            ],
        };

        await FluentActions.Awaiting(() => ReportSet.WriteAsync(report, folder, null, Token)).Should().ThrowAsync<InvalidOperationException>()
            .WithMessage($"scenario {artifacts[1].Scenario}'s artifact {artifacts[1].File} and scenario {artifacts[0].Scenario}'s artifact {artifacts[0].File} would both be written to *; a scenario must give each of its artifacts a name of its own");
        Directory.Exists(folder).Should().BeFalse("nothing is written when the files would collide");
    }
}

using System.Text.Json.Nodes;
using FluentAssertions;
using Harness.Reporting;
using Harness.Running;
using Harness.Tests.Reporting.Html;

namespace Harness.Tests.Reporting.Json;

/// <summary>report.json is one typed document: what the writer writes, a merge reads back unchanged.</summary>
public sealed class ReportDocumentTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-json-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Delete(recursive: true);

    /// <summary>Findings with and without tenants and reproductions, passed checks, and a scenario that stopped.</summary>
    private static RunReport Sample() => TenantPairReports.FiveTenants() with
    {
        Scenarios =
        [
            .. TenantPairReports.FiveTenants().Scenarios,
            new ScenarioResult("targets", [], TimeSpan.FromSeconds(0.1)) { Error = "The target at http://127.0.0.1:1234/ stopped answering" },
        ],
    };

    [Fact]
    public async Task A_written_report_loads_back_as_the_same_run_report()
    {
        var path = await WriteAsync(Sample());

        var loaded = await ReportMerge.LoadAsync(path, Token);

        loaded.Should().BeEquivalentTo(Sample(), o => o.ComparingRecordsByMembers().WithStrictOrdering());
    }

    [Fact]
    public async Task Merging_a_single_report_gives_the_same_run_report()
    {
        var path = await WriteAsync(Sample());

        var merged = await ReportMerge.MergeFilesAsync([path], Token);

        merged.Should().BeEquivalentTo(Sample(), o => o.ComparingRecordsByMembers().WithStrictOrdering());
        merged.ExitCode.Should().Be(Sample().ExitCode);
    }

    [Fact]
    public async Task The_document_keeps_report_json_v1_names_and_order()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(await WriteAsync(SampleReports.Failing()), Token))!.AsObject();

        json.Select(p => p.Key).Should().Equal(
            "schemaVersion", "runId", "target", "postgres", "startedAt", "durationSeconds", "seed", "tenants", "seededRows",
            "failOn", "exitCode", "summary", "scenarios", "findings");
        json["failOn"]!.GetValue<string>().Should().Be("low");
        json["startedAt"]!.GetValue<string>().Should().Be("2026-11-23T00:27:51+00:00");
        json["summary"]!.AsObject().Select(p => p.Key).Should().Equal("checks", "probes", "findings", "gateFindings", "errors", "suppressed");
        var scenario = json["scenarios"]![1]!.AsObject();
        scenario.Select(p => p.Key).Should().Equal("id", "durationSeconds", "checks", "probes", "passed", "checkResults");
        var check = scenario["checkResults"]![1]!.AsObject();
        check.Select(p => p.Key).Should().Equal("ruleId", "rule", "severity", "remediation", "subject", "probes", "findings");
        check["severity"]!.GetValue<string>().Should().Be("low");
        check["findings"]![0]!.AsObject().Select(p => p.Key).Should().Equal("subject", "message", "evidence", "reproduction");
        json["findings"]![0]!.AsObject().Select(p => p.Key).Should().Equal(
            "ruleId", "rule", "severity", "scenario", "subject", "message", "evidence", "reproduction", "remediation");
    }

    [Fact]
    public async Task Metrics_and_series_are_written_after_the_checks_only_when_present_and_load_back()
    {
        var path = await WriteAsync(MetricReports.Load());
        var text = await File.ReadAllTextAsync(path, Token);
        var scenarios = JsonNode.Parse(text)!["scenarios"]!.AsArray();

        scenarios[0]!.AsObject().Select(p => p.Key).Should().NotContain(["metrics", "series"], "the audit measured nothing");
        var load = scenarios[1]!.AsObject();
        load.Select(p => p.Key).Should().EndWith(["checkResults", "metrics", "series"]);
        load["metrics"]![0]!.ToJsonString().Should().Be("""{"name":"p50 latency","value":12.5,"unit":"ms","tenant":"t1","subject":"GET /sites"}""");
        load["metrics"]![2]!.AsObject().Select(p => p.Key).Should().Equal("name", "value", "unit");
        text.Should().Contain("\"points\": [[0,30],[10,41.25],[20,38],[30,35.5]]", "a series' points take one line");

        var loaded = await ReportMerge.LoadAsync(path, Token);
        loaded.Should().BeEquivalentTo(MetricReports.Load(), o => o.ComparingRecordsByMembers().WithStrictOrdering());
    }

    [Theory]
    [InlineData("[[0, 1], [2]]")]
    [InlineData("[[0, \"1\"]]")]
    [InlineData("{\"x\": 0}")]
    public async Task Points_that_are_not_x_y_pairs_are_refused(string points)
    {
        var path = await WriteAsync(MetricReports.Load());
        var text = (await File.ReadAllTextAsync(path, Token)).Replace("[[0,40]]", points, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, text, Token);

        await FluentActions.Awaiting(() => ReportMerge.LoadAsync(path, Token)).Should().ThrowAsync<ArgumentException>()
            .WithMessage("*is not a harness report.json (*");
    }

    [Fact]
    public async Task A_report_without_per_check_detail_is_refused_with_the_reason()
    {
        var path = await WriteAsync(SampleReports.Clean());
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path, Token))!;
        json["scenarios"]![0]!.AsObject().Remove("checkResults");
        await File.WriteAllTextAsync(path, json.ToJsonString(), Token);

        await FluentActions.Awaiting(() => ReportMerge.LoadAsync(path, Token)).Should().ThrowAsync<ArgumentException>()
            .WithMessage("*: scenario audit has no per-check detail (checkResults); it was written by an older harness, run it again");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1, 2]")]
    [InlineData("not json")]
    [InlineData("{\"runId\": null, \"target\": \"t\", \"postgres\": \"p\", \"startedAt\": \"2026-01-02T03:04:05+00:00\", \"durationSeconds\": 1, \"summary\": {}, \"scenarios\": [], \"findings\": []}")]
    public async Task Anything_else_is_not_a_harness_report(string text)
    {
        var path = Path.Combine(folder.FullName, "other.json");
        await File.WriteAllTextAsync(path, text, Token);

        await FluentActions.Awaiting(() => ReportMerge.LoadAsync(path, Token)).Should().ThrowAsync<ArgumentException>()
            .WithMessage("*other.json is not a harness report.json (*");
    }

    private async Task<string> WriteAsync(RunReport report)
    {
        var path = Path.Combine(folder.FullName, $"{Guid.NewGuid():N}.json");
        await JsonReportWriter.WriteAsync(report, path, Token);
        return path;
    }
}

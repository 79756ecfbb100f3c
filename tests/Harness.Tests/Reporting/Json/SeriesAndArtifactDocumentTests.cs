using System.Text.Json.Nodes;
using FluentAssertions;
using Harness.Reporting;
using Harness.Running;

namespace Harness.Tests.Reporting.Json;

/// <summary>report.json's series layout fields (chart, x scale, bands) and the files scenarios hand the report folder.</summary>
public sealed class SeriesAndArtifactDocumentTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-json-series-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task Chart_scale_and_bands_are_written_only_when_not_default()
    {
        var json = await WriteAsync(SoakReports.Soak());

        var series = json["scenarios"]![1]!["series"]!.AsArray();
        var latency = series[0]!.AsObject();
        latency.Select(p => p.Key).Should().Equal("name", "unit", "points", "xUnit", "chart", "bands");
        latency["chart"]!.GetValue<string>().Should().Be("p99 latency per tenant");
        latency["bands"]!.ToJsonString().Should().Be("""[{"label":"baseline","from":0,"to":30},{"label":"flood","from":30,"to":90},{"label":"recovery","from":90,"to":120}]""");
        var spectrum = series[4]!.AsObject();
        spectrum.Select(p => p.Key).Should().Equal("name", "unit", "points", "xUnit", "chart", "xScale");
        spectrum["xScale"]!.GetValue<string>().Should().Be("percentile");
        var plain = (await WriteAsync(MetricReports.Load()))["scenarios"]![1]!["series"]![0]!.AsObject();
        plain.Select(p => p.Key).Should().Equal("name", "unit", "points", "xUnit");
    }

    [Fact]
    public async Task Series_fields_and_the_artifact_list_load_back_but_not_the_artifact_content()
    {
        var path = Path.Combine(folder.FullName, "report.json");
        await JsonReportWriter.WriteAsync(SoakReports.Soak(), path, Token);

        var loaded = await ReportMerge.LoadAsync(path, Token);

        var soak = loaded.Scenarios.Single(s => s.ScenarioId == "soak");
        soak.Series.Should().BeEquivalentTo(SoakReports.Soak().Scenarios[^1].Series, o => o.ComparingRecordsByMembers().WithStrictOrdering());
        soak.Series[4].XScale.Should().Be(SeriesScale.Percentile);
        soak.Artifacts.Should().BeEmpty("the content stays in the file next to report.json");
        loaded.ListedArtifacts.Should().Equal(new ReportArtifact("soak", "t2.hlog", "text/plain", 16));
        loaded.Artifacts.Single().FolderFileName.Should().Be("soak-t2.hlog");

        var again = Path.Combine(folder.FullName, "again.json");
        await JsonReportWriter.WriteAsync(loaded, again, Token);
        (await File.ReadAllTextAsync(again, Token)).Should().Be(await File.ReadAllTextAsync(path, Token), "a report read back writes the same report.json");
    }

    [Fact]
    public async Task Artifacts_are_listed_per_scenario_with_their_file_media_type_and_size()
    {
        var json = await WriteAsync(SoakReports.Soak());

        json["scenarios"]![0]!.AsObject().Select(p => p.Key).Should().NotContain("artifacts");
        json["scenarios"]![1]!["artifacts"]!.ToJsonString().Should().Be("""[{"name":"t2.hlog","file":"soak-t2.hlog","mediaType":"text/plain","bytes":16}]""");
    }

    [Fact]
    public async Task A_listed_file_that_is_not_the_scenarios_name_for_it_is_refused()
    {
        var path = Path.Combine(folder.FullName, "report.json");
        await JsonReportWriter.WriteAsync(SoakReports.Soak(), path, Token);
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path, Token)).Replace("\"soak-t2.hlog\"", "\"../t2.hlog\"", StringComparison.Ordinal), Token);

        await FluentActions.Awaiting(() => ReportMerge.LoadAsync(path, Token)).Should().ThrowAsync<ArgumentException>()
            .WithMessage("*report.json: scenario soak lists artifact t2.hlog as file ../t2.hlog, but it is written as soak-t2.hlog");
    }

    [Fact]
    public async Task Merging_keeps_the_series_fields()
    {
        var path = Path.Combine(folder.FullName, "report.json");
        await JsonReportWriter.WriteAsync(SoakReports.Soak(), path, Token);

        var merged = await ReportMerge.MergeFilesAsync([path, path], Token);

        var series = merged.Scenarios.Single(s => s.ScenarioId == "soak").Series;
        series.Should().HaveCount(12, "each shard's series are kept");
        series.Where(s => s.Chart == "p99 latency per tenant").Should().HaveCount(6).And.OnlyContain(s => s.Bands.SequenceEqual(SoakReports.Phases));
        series.Where(s => s.XScale == SeriesScale.Percentile).Should().HaveCount(4);
        merged.ListedArtifacts.Should().BeEmpty("a merged report lists only the files written into its own folder");
    }

    private async Task<JsonNode> WriteAsync(RunReport report)
    {
        var path = Path.Combine(folder.FullName, $"{Guid.NewGuid():N}.json");
        await JsonReportWriter.WriteAsync(report, path, Token);
        return JsonNode.Parse(await File.ReadAllTextAsync(path, Token))!;
    }
}

using System.Text.Json.Nodes;
using FluentAssertions;
using Harness.Findings;
using Harness.Reporting;

namespace Harness.Tests.Reporting;

public sealed class SarifReportWriterTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-sarif-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task The_file_is_a_sarif_2_1_0_log_with_one_run_of_the_harness()
    {
        var sarif = await WriteAsync(SampleReports.Failing(), "report.sarif");

        sarif["$schema"]!.GetValue<string>().Should().Be("https://json.schemastore.org/sarif-2.1.0.json");
        sarif["version"]!.GetValue<string>().Should().Be("2.1.0");
        sarif["runs"]!.AsArray().Should().HaveCount(1);
        var driver = Run(sarif)["tool"]!["driver"]!;
        driver["name"]!.GetValue<string>().Should().Be("harness");
        driver["informationUri"].Should().BeNull("the optional informationUri is left out rather than pointing at a made-up address");
    }

    [Fact]
    public async Task Every_rule_a_check_applied_is_listed_once_with_its_level_and_security_severity()
    {
        var sarif = await WriteAsync(SampleReports.Failing(), "report.sarif");

        var rules = Run(sarif)["tool"]!["driver"]!["rules"]!.AsArray();
        rules.Select(r => r!["id"]!.GetValue<string>()).Should().Equal("AUD001", "AUD004", "IDR001", "IDR004");

        var critical = rules[0]!;
        critical["name"]!.GetValue<string>().Should().Be("TenantTableWithoutRowLevelSecurity");
        critical["shortDescription"]!["text"]!.GetValue<string>().Should().Be(SampleReports.RlsMissing.Title);
        critical["help"]!["text"]!.GetValue<string>().Should().Be(SampleReports.RlsMissing.Remediation);
        critical["defaultConfiguration"]!["level"]!.GetValue<string>().Should().Be("error");
        critical["properties"]!["security-severity"]!.GetValue<string>().Should().Be("9.5");
        critical["properties"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("security", "multi-tenant");

        rules.Select(r => r!["defaultConfiguration"]!["level"]!.GetValue<string>()).Should().Equal("error", "warning", "error", "note");
        rules.Select(r => r!["properties"]!["security-severity"]!.GetValue<string>()).Should().Equal("9.5", "5.5", "8.0", "3.0");
    }

    [Fact]
    public async Task Each_finding_is_one_result_pointing_at_its_rule_and_passed_checks_have_none()
    {
        var sarif = await WriteAsync(SampleReports.Failing(), "report.sarif");

        var run = Run(sarif);
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        var results = run["results"]!.AsArray();
        results.Should().HaveCount(2);
        results.Select(r => r!["ruleId"]!.GetValue<string>()).Should().Equal("AUD001", "IDR004");
        results.Select(r => r!["level"]!.GetValue<string>()).Should().Equal("error", "note");
        foreach (var result in results)
        {
            var index = result!["ruleIndex"]!.GetValue<int>();
            rules[index]!["id"]!.GetValue<string>().Should().Be(result["ruleId"]!.GetValue<string>());
        }

        var subjects = results.Select(r => r!["locations"]![0]!["logicalLocations"]![0]!["name"]!.GetValue<string>()).ToList();
        subjects.Should().Equal("orders", "GET /sites");
        subjects.Should().NotContain(["sites", "GET /sites/{id}"]);
        results[1]!["message"]!["text"]!.GetValue<string>().Should().Be(SampleReports.Low.Message);
    }

    [Fact]
    public async Task A_result_has_a_logical_location_for_the_object_and_a_physical_one_for_code_scanning()
    {
        var sarif = await WriteAsync(SampleReports.Failing(), "report.sarif");

        var results = Run(sarif)["results"]!.AsArray();
        var location = results[0]!["locations"]![0]!;
        location["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().Should().Be("harness.yaml");
        location["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>().Should().Be(1);
        var logical = location["logicalLocations"]![0]!;
        logical["fullyQualifiedName"]!.GetValue<string>().Should().Be("audit/orders");
        logical["kind"]!.GetValue<string>().Should().Be("type");
        results[1]!["locations"]![0]!["logicalLocations"]![0]!["kind"]!.GetValue<string>().Should().Be("resource");

        var properties = results[0]!["properties"]!;
        properties["scenario"]!.GetValue<string>().Should().Be("audit");
        properties["evidence"]!.GetValue<string>().Should().Be(SampleReports.Critical.Evidence);
        properties["reproduction"]!.GetValue<string>().Should().Be(SampleReports.Critical.Reproduction);
    }

    [Theory]
    [InlineData("sample-target", "harness.yaml")]
    [InlineData("deploy/harness.yaml", "deploy/harness.yaml")]
    [InlineData(@"deploy\harness.yml", "deploy/harness.yml")]
    [InlineData("harness.yaml", "harness.yaml")]
    [InlineData("127.0.0.1:5432/app schema public", "harness.yaml")]
    [InlineData("/abs/harness.yaml", "harness.yaml")]
    public void The_physical_location_is_the_target_only_when_it_is_a_relative_path(string target, string uri) =>
        SarifReportWriter.ArtifactUri(target).Should().Be(uri);

    [Theory]
    [InlineData("orders", "type")]
    [InlineData("tenant_isolation on orders", "member")]
    [InlineData("export_company(uuid)", "function")]
    [InlineData("DELETE /sites/{id}", "resource")]
    public void The_logical_kind_follows_the_subject(string subject, string kind) =>
        SarifReportWriter.LogicalKind(subject).Should().Be(kind);

    [Fact]
    public async Task Fingerprints_are_stable_across_writes_and_runs_and_differ_between_findings()
    {
        var first = await WriteAsync(SampleReports.Failing(), "first.sarif");
        var rerun = SampleReports.Failing() with { RunId = "other", StartedAt = DateTimeOffset.UnixEpoch, Duration = TimeSpan.FromMinutes(9) };
        var second = await WriteAsync(rerun, "second.sarif");

        var a = Fingerprints(first);
        var b = Fingerprints(second);
        a.Should().Equal(b);
        a.Should().OnlyHaveUniqueItems().And.AllSatisfy(f => f.Should().MatchRegex("^[0-9a-f]{16}$"));
        a.Should().Equal(SampleReports.Failing().Findings.Select(f => f.Fingerprint));

        var again = await WriteAsync(SampleReports.Failing(), "again.sarif");
        again.ToJsonString().Should().Be(first.ToJsonString());
    }

    [Fact]
    public async Task The_invocation_succeeded_and_ends_when_the_run_ended()
    {
        var sarif = await WriteAsync(SampleReports.Failing(), "report.sarif");

        var invocation = Run(sarif)["invocations"]![0]!;
        invocation["executionSuccessful"]!.GetValue<bool>().Should().BeTrue();
        invocation["startTimeUtc"]!.GetValue<string>().Should().Be("2026-11-23T00:27:51.000Z");
        invocation["endTimeUtc"]!.GetValue<string>().Should().Be("2026-11-23T00:27:54.500Z");
    }

    [Fact]
    public async Task A_clean_report_has_rules_and_an_empty_result_list()
    {
        var sarif = await WriteAsync(SampleReports.Clean(), "clean.sarif");

        var run = Run(sarif);
        run["results"]!.AsArray().Should().BeEmpty();
        run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Should().Equal("AUD001", "AUD004");
        AssertSchemaRequirements(sarif);
    }

    [Fact]
    public async Task The_log_has_the_properties_the_2_1_0_schema_requires()
    {
        var sarif = await WriteAsync(SampleReports.Failing(), "report.sarif");

        AssertSchemaRequirements(sarif);
    }

    [Theory]
    [InlineData(Severity.Critical, "error", "9.5")]
    [InlineData(Severity.High, "error", "8.0")]
    [InlineData(Severity.Medium, "warning", "5.5")]
    [InlineData(Severity.Low, "note", "3.0")]
    [InlineData(Severity.Info, "note", "0.0")]
    public void Severities_map_to_levels_and_security_severities(Severity severity, string level, string securitySeverity)
    {
        SarifReportWriter.Level(severity).Should().Be(level);
        SarifReportWriter.SecuritySeverity(severity).Should().Be(securitySeverity);
    }

    /// <summary>
    /// The required properties and value constraints of the SARIF 2.1.0 schema for the objects the writer emits
    /// (sarifLog, run, tool, toolComponent, reportingDescriptor, invocation, result, message, location,
    /// physicalLocation, artifactLocation, region, logicalLocation), plus GitHub code scanning's own requirements.
    /// </summary>
    internal static void AssertSchemaRequirements(JsonNode sarif)
    {
        string[] levels = ["none", "note", "warning", "error"];
        sarif["version"]!.GetValue<string>().Should().Be("2.1.0");
        var runs = sarif["runs"].Should().BeOfType<JsonArray>().Subject;
        foreach (var run in runs)
        {
            var driver = run!["tool"].Should().BeOfType<JsonObject>().Subject["driver"].Should().BeOfType<JsonObject>().Subject;
            driver["name"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
            var rules = driver["rules"].Should().BeOfType<JsonArray>().Subject;
            rules.Select(r => r!["id"]!.GetValue<string>()).Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
            foreach (var rule in rules)
            {
                rule!["shortDescription"]!["text"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
                rule["help"]!["text"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
                levels.Should().Contain(rule["defaultConfiguration"]!["level"]!.GetValue<string>());
                var securitySeverity = double.Parse(rule["properties"]!["security-severity"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                securitySeverity.Should().BeInRange(0.0, 10.0);
                rule["properties"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().OnlyHaveUniqueItems();
            }

            foreach (var invocation in run["invocations"]!.AsArray())
            {
                invocation!["executionSuccessful"]!.GetValue<bool>().Should().BeTrue();
                DateTimeOffset.TryParse(invocation["endTimeUtc"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _).Should().BeTrue();
            }

            foreach (var result in run["results"].Should().BeOfType<JsonArray>().Subject)
            {
                result!["message"]!["text"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
                levels.Should().Contain(result["level"]!.GetValue<string>());
                var ruleIndex = result["ruleIndex"]!.GetValue<int>();
                ruleIndex.Should().BeInRange(0, rules.Count - 1);
                var locations = result["locations"].Should().BeOfType<JsonArray>().Subject;
                locations.Should().NotBeEmpty();
                foreach (var location in locations)
                {
                    var physical = location!["physicalLocation"].Should().BeOfType<JsonObject>().Subject;
                    var uri = physical["artifactLocation"]!["uri"]!.GetValue<string>();
                    Uri.IsWellFormedUriString(uri, UriKind.RelativeOrAbsolute).Should().BeTrue();
                    physical["region"]!["startLine"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(1);
                    foreach (var logical in location["logicalLocations"]!.AsArray())
                    {
                        logical!["name"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
                        logical["fullyQualifiedName"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
                    }
                }

                var fingerprints = result["partialFingerprints"].Should().BeOfType<JsonObject>().Subject;
                fingerprints.Should().NotBeEmpty();
                fingerprints.Select(p => p.Value!.GetValueKind()).Should().AllBeEquivalentTo(System.Text.Json.JsonValueKind.String);
            }
        }
    }

    private static JsonNode Run(JsonNode sarif) => sarif["runs"]![0]!;

    private static List<string> Fingerprints(JsonNode sarif) =>
        [.. Run(sarif)["results"]!.AsArray().Select(r => r!["partialFingerprints"]![SarifReportWriter.FingerprintKey]!.GetValue<string>())];

    private async Task<JsonNode> WriteAsync(RunReport report, string name)
    {
        var path = Path.Combine(folder.FullName, name);
        await SarifReportWriter.WriteAsync(report, path, TestContext.Current.CancellationToken);
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        return JsonNode.Parse(text)!;
    }
}

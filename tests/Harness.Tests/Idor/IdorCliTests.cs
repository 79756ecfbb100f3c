using System.Text.Json;
using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Idor;

/// <summary>The IDOR gate as users run it: the real CLI with the sample's manifest, which starts the built app itself.</summary>
public sealed class IdorCliTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_clean_sample_passes_with_exit_0()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;

        var result = await RunAsync(reports, flaw: null);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("idor: ").And.Contain("result: PASS");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Directory.GetDirectories(reports).Single(), "report.json"), Token));
        var scenario = report.RootElement.GetProperty("scenarios").EnumerateArray().Should().ContainSingle().Subject;
        scenario.GetProperty("id").GetString().Should().Be("idor");
        scenario.GetProperty("probes").GetInt32().Should().BeGreaterThan(300);
    }

    [Fact]
    public async Task A_planted_read_without_tenant_fails_with_exit_1_naming_the_endpoint_and_both_tenants()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;

        var result = await RunAsync(reports, "read-without-tenant");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().MatchRegex(@"CRITICAL +IDOR001 GET /sites/\{siteId\}: GET /sites/\{siteId\}: tenant \d \([0-9a-f-]{36}\) asked for tenant \d \([0-9a-f-]{36}\)'s sites row [0-9a-f-]{36}: answered 200 carrying another tenant's data; leaked canary cnry-");
        result.Stdout.Should().Contain("result: FAIL: 12 finding(s)", "4 tenants: 12 ordered pairs, one id each");
    }

    [Fact]
    public async Task An_app_that_fails_for_its_own_tenant_fails_the_gate_with_exit_1()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;

        var result = await RunAsync(reports, "broken-context");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().MatchRegex(@"HIGH +IDOR009 GET /sites/\{siteId\}: GET /sites/\{siteId\}: the app fails for its own tenant; nothing on this route could be judged");
        result.Stdout.Should().Contain("result: FAIL");
    }

    [Fact]
    public async Task Two_shards_merge_into_the_whole_run()
    {
        var reports = Directory.CreateTempSubdirectory("harness-reports-").FullName;
        var shards = new List<string>();
        foreach (var shard in new[] { "1/2", "2/2" })
        {
            var folder = Path.Combine(reports, shard.Replace('/', '-'));
            var run = await RunAsync(folder, "read-without-tenant", "--shard", shard);
            run.ExitCode.Should().BeOneOf([0, 1], run.ToString());
            shards.Add(Path.Combine(Directory.GetDirectories(folder).Single(), "report.json"));
        }

        var merged = await CliProcess.HarnessAsync(["report", "merge", .. shards, "--output", Path.Combine(reports, "merged")], cancellationToken: Token);

        merged.ExitCode.Should().Be(1, merged.ToString());
        merged.Stdout.Should().Contain("merged 2 report(s)").And.Contain("result: FAIL: 12 finding(s)");
        File.Exists(Path.Combine(reports, "merged", "junit.xml")).Should().BeTrue();
    }

    private Task<CliProcess.Result> RunAsync(string reports, string? flaw, params string[] extra) =>
        CliProcess.HarnessAsync(
            ["run", "--manifest", RepositoryPaths.SampleManifest, "--scenarios", "idor", "--postgres", postgres.AdminConnectionString, "--tenants", "4", "--reports", reports, .. extra],
            flaw is null ? null : new Dictionary<string, string> { ["SAMPLE_FLAW"] = flaw },
            Token);
}

using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Manifest;
using Harness.Runner;
using Harness.Scenarios.Chaos;

namespace Harness.Tests.Chaos.Family;

/// <summary>The manifest's chaos section: the documented syntax and defaults, and every bad value refused at its line and column.</summary>
public sealed class ChaosOptionsReaderTests
{
    private const string Head = "version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context:\n    setting: app.org_id\ndatabase:\n  appRole: app\n";

    [Fact]
    public void An_absent_section_gives_the_defaults_for_two_cores()
    {
        var options = ScenarioRegistry.Default.ParseManifest(Head, "/x/harness.yaml").Section<ChaosOptions>("chaos") ?? new ChaosOptions();

        options.Tenants.Should().Be(8);
        options.Duration.Should().Be(TimeSpan.FromSeconds(60));
        options.FaultEvery.Should().Be(TimeSpan.FromSeconds(2));
        options.PgBouncer.Should().Be(PgBouncerUse.Auto);
        options.Faults.Should().BeEquivalentTo(ChaosOptions.DefaultFaults);
        ((Harness.Running.IScenario)new ChaosScenario()).IsConfigured(null).Should().BeFalse("a minute of faults is in all only when the manifest asks for it");
        ((Harness.Running.IScenario)new ChaosScenario()).IsConfigured(options).Should().BeTrue();
    }

    [Fact]
    public void The_documented_section_reads()
    {
        var options = Read(
            "chaos:\n  tenants: 4\n  duration: 15s\n  faultEvery: 500ms\n  rate: 2.5\n  pgbouncer: off\n  poolSize: 1\n  seed: 7\n"
            + "  faults: [cut-after-context, error-reply]\n  restoreWithin: 5s\n  reads: [GET /items, \"get /items/{itemId}\"]\n"
            + "  jobs:\n    - { enqueue: POST /jobs/exports, result: \"GET /jobs/{jobId}\", statusField: state, finished: [ok] }\n  flood: 6\n");

        options.Should().BeEquivalentTo(new ChaosOptions
        {
            Tenants = 4,
            Duration = TimeSpan.FromSeconds(15),
            FaultEvery = TimeSpan.FromMilliseconds(500),
            Rate = 2.5,
            PgBouncer = PgBouncerUse.Off,
            PoolSize = 1,
            Seed = 7,
            Faults = [FaultKind.CutAfterContext, FaultKind.ErrorReply],
            RestoreWithin = TimeSpan.FromSeconds(5),
            Reads = ["GET /items", "GET /items/{itemId}"],
            Jobs = [new ChaosJob("POST /jobs/exports", "GET /jobs/{jobId}") { StatusField = "state", Finished = ["ok"] }],
            Flood = 6,
        });
    }

    [Theory]
    [InlineData("chaos:\n  tenants: 1\n", 10, "'chaos.tenants' must be")]
    [InlineData("chaos:\n  duration: forever\n", 10, "'chaos.duration' must be a duration")]
    [InlineData("chaos:\n  pgbouncer: maybe\n", 10, "'chaos.pgbouncer' must be auto")]
    [InlineData("chaos:\n  faults: [cut-after-context, unplug]\n", 10, "names 'unplug', which is not a fault")]
    [InlineData("chaos:\n  reads: [/items]\n", 10, "'chaos.reads' must be \"METHOD /path\"")]
    [InlineData("chaos:\n  jobs:\n    - { enqueue: POST /jobs }\n", 11, "missing 'chaos.jobs[0].result'")]
    [InlineData("chaos:\n  jobs:\n    - { enqueue: POST /jobs, result: GET /jobs/latest }\n", 11, "must name the job's id")]
    [InlineData("chaos:\n  duraton: 10s\n", 10, "unknown key 'chaos.duraton'")]
    public void A_bad_value_is_refused_at_its_line(string section, int line, string message)
    {
        var read = () => Read(section);

        read.Should().Throw<ManifestException>().WithMessage($"/x/harness.yaml:{line}:*{message}*");
    }

    private static ChaosOptions Read(string section) =>
        ScenarioRegistry.Default.ParseManifest(Head + section, "/x/harness.yaml").Section<ChaosOptions>("chaos")!;
}

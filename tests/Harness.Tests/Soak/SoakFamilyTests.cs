using FluentAssertions;
using Harness.Load;
using Harness.Running;
using Harness.Scenarios.Soak;
using Harness.Targets.Credentials;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Soak;

/// <summary>The soak end to end against small in-process apps on the seeded sample schema, with phases of a few seconds.</summary>
public sealed class SoakFamilyTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_per_tenant_limiter_passes_every_check_and_the_run_hands_over_metrics_charts_and_a_histogram_log()
    {
        var rig = await SoakRig.CreateAsync(postgres, Token);
        var output = new SoakRig.Output();

        var result = await rig.RunAsync(new TenantApp(TenantApp.Kind.PerTenant, perSecond: 30, burst: 30), SoakRig.Short(), progress: output, cancellationToken: Token);

        result.Error.Should().BeNull();
        result.Findings.Should().BeEmpty(string.Join("\n", result.Findings.Select(f => $"{f.Rule.Id} {f.Message}: {f.Evidence}")));
        result.NotCovered.Should().BeEmpty();
        foreach (var rule in new[] { "SOAK001", "SOAK002", "SOAK004" })
        {
            result.Checks.Where(c => c.Rule.Id == rule).Select(c => c.Subject).Should().BeEquivalentTo(
                ["GET /sites neighbour 1", "GET /sites neighbour 2", "GET /sites neighbour 3"], "one check per rule per neighbour");
        }

        result.Checks.Should().ContainSingle(c => c.Rule.Id == "SOAK003");
        result.Checks.Should().NotContain(c => c.Rule.Id == "SOAK005", "without churn there is no per-tenant state growth to check");
        result.Metrics.Should().Contain(m => m.Name == "429" && m.Subject == "noisy flood" && m.Value > 0, "the noisy tenant was throttled by its own bucket");
        result.Metrics.Should().Contain(m => m.Name == "latency p99" && m.Subject == "neighbour 1 baseline");
        result.Metrics.Should().Contain(m => m.Name == "service time p99.9" && m.Subject == "neighbour 3 recovery");
        result.Series.Where(s => s.Chart == "p99 latency over time").Should().HaveCount(4)
            .And.OnlyContain(s => s.Bands.Select(b => b.Label).SequenceEqual(new[] { "baseline", "flood", "recovery" }));
        result.Series.Should().Contain(s => s.Chart == "noisy tenant 429/s" && s.Points.Any(p => p.Y > 0));
        result.Series.Where(s => s.XScale == SeriesScale.Percentile).Select(s => s.Name).Should().Contain(["baseline neighbour 2", "flood neighbour 2"]);

        var log = result.Artifacts.Should().ContainSingle().Subject;
        log.FileName.Should().Be("latency.hlog");
        using var stream = new MemoryStream(log.Content.ToArray());
        var merged = LoadHistogramLog.ReadMerged([stream]);
        merged.Keys.Should().Contain(["neighbour-1/baseline:latency", "neighbour-1/flood:service", "noisy/flood:latency"]);

        output.Lines.Where(l => l.StartsWith("soak ", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(l => l.Length <= SoakMonitor.MaxLineLength);
        output.Lines.Should().Contain(l => l.StartsWith("soak ", StringComparison.Ordinal) && l.Contains("| noisy ", StringComparison.Ordinal) && l.Contains(" 429 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_global_bucket_starves_the_neighbours_during_the_flood_SOAK002()
    {
        var rig = await SoakRig.CreateAsync(postgres, Token);

        var result = await rig.RunAsync(new TenantApp(TenantApp.Kind.Global, perSecond: 40, burst: 40), SoakRig.Short(), cancellationToken: Token);

        result.Error.Should().BeNull();
        result.Findings.Where(f => f.Rule.Id == "SOAK002").Select(f => f.Subject).Should().BeEquivalentTo(
            ["GET /sites neighbour 1", "GET /sites neighbour 2", "GET /sites neighbour 3"]);
        result.Findings.First(f => f.Rule.Id == "SOAK002").Evidence.Should().Contain("% 2xx at baseline").And.Contain("429");
    }

    [Fact]
    public async Task Per_tenant_state_that_grows_with_churn_shows_in_the_neighbours_latency_trend_SOAK005()
    {
        var rig = await SoakRig.CreateAsync(postgres, Token);
        var app = new TenantApp(TenantApp.Kind.GrowingState, perSecond: 1000, burst: 1000);
        var options = SoakRig.Short() with
        {
            Phases = new SoakPhases(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2)),
            Churn = 5000,
            Thresholds = new SoakThresholds(),
        };

        var result = await rig.RunAsync(app, options, cancellationToken: Token);

        result.Error.Should().BeNull();
        app.TenantsSeen.Should().BeGreaterThan(500, "the noisy stream cycled through fresh tenant ids");
        result.Findings.Where(f => f.Rule.Id == "SOAK005").Should().NotBeEmpty(string.Join("\n", result.Checks.Where(c => c.Rule.Id == "SOAK005").Select(c => $"{c.Subject}: {c.NotCovered}")));
        result.Checks.Should().ContainSingle(c => c.Rule.Id == "SOAK005" && c.Subject == "GET /sites app memory")
            .Which.NotCovered.Should().Contain("in-process");
    }

    [Fact]
    public async Task Churn_is_not_covered_when_the_credentials_cannot_act_as_unseeded_tenants()
    {
        var rig = await SoakRig.CreateAsync(postgres, Token);
        var options = SoakRig.Short() with { Phases = new SoakPhases(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), Churn = 100 };

        var result = await rig.RunAsync(new TenantApp(TenantApp.Kind.PerTenant, 30, 30), options, credentials: new SeededOnly(), cancellationToken: Token);

        result.Checks.Where(c => c.Rule.Id == "SOAK005").Should().NotBeEmpty()
            .And.OnlyContain(c => c.NotCovered != null && c.NotCovered.Contains("credentials.jwt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_early_judges_what_was_measured_and_leaves_the_phases_not_reached_not_covered()
    {
        var rig = await SoakRig.CreateAsync(postgres, Token);
        using var stop = new CancellationTokenSource();
        var output = new SoakRig.Output { OnLine = line => { if (line.Contains("| noisy ", StringComparison.Ordinal)) stop.Cancel(); } };
        var options = SoakRig.Short() with { Phases = new SoakPhases(TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)) };

        var result = await rig.RunAsync(new TenantApp(TenantApp.Kind.PerTenant, 30, 30), options, progress: output, stop: stop, cancellationToken: Token);

        result.Error.Should().BeNull();
        result.Duration.Should().BeLessThan(TimeSpan.FromMinutes(5), "the load stopped at the request, not at the end of the flood");
        result.Checks.Where(c => c.Rule.Id == "SOAK002").Should().HaveCount(3).And.OnlyContain(c => c.Covered, "baseline and a part of the flood were measured");
        result.Checks.Where(c => c.Rule.Id == "SOAK004").Should().HaveCount(3).And.OnlyContain(c => !c.Covered);
        result.Artifacts.Should().ContainSingle();
        output.Lines.Should().Contain(l => l.Contains("stopped early", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_generator_that_cannot_keep_its_schedule_is_never_judged()
    {
        var rig = await SoakRig.CreateAsync(postgres, Token);
        var options = SoakRig.Short() with
        {
            Phases = new SoakPhases(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            MaxSendLag = TimeSpan.Zero,
        };

        var result = await rig.RunAsync(new TenantApp(TenantApp.Kind.PerTenant, 30, 30), options, cancellationToken: Token);

        result.Error.Should().StartWith("load generator saturated: ");
        result.Checks.Should().BeEmpty();
        result.Metrics.Should().NotBeEmpty("what was measured is still reported");
    }

    [Fact]
    public async Task A_lagging_generator_still_reports_neighbours_refused_by_a_global_bucket_and_judges_nothing_else()
    {
        var rig = await SoakRig.CreateAsync(postgres, Token);
        var options = SoakRig.Short() with { MaxSendLag = TimeSpan.Zero };

        var result = await rig.RunAsync(new TenantApp(TenantApp.Kind.Global, perSecond: 40, burst: 40), options, cancellationToken: Token);

        result.Error.Should().BeNull("a neighbour answered 429 is evidence whenever its request left");
        result.Findings.Select(f => f.Rule.Id).Distinct().Should().Equal("SOAK002");
        result.Checks.Where(c => c.Rule.Id != "SOAK002").Should().NotBeEmpty()
            .And.OnlyContain(c => c.NotCovered != null && c.NotCovered.StartsWith("load generator saturated: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Route_parameters_get_each_tenants_own_seeded_id()
    {
        var rig = await SoakRig.CreateAsync(postgres, Token);
        var app = new TenantApp(TenantApp.Kind.PerTenant, 30, 30);
        var options = SoakRig.Short("GET /sites/{siteId}") with { Phases = new SoakPhases(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) };

        var result = await rig.RunAsync(app, options, cancellationToken: Token);

        result.Error.Should().BeNull();
        foreach (var tenant in rig.Ledger.Tenants.Take(4))
        {
            var sites = tenant.Table("sites")!;
            var ownIds = sites.Keys.Select(k => k[sites.KeyColumns.ToList().IndexOf("id")]).ToHashSet();
            app.Paths[tenant.TenantId].Should().NotBeEmpty()
                .And.OnlyContain(path => ownIds.Contains(path.Substring("/sites/".Length)), $"tenant {tenant.Index} requests its own site");
        }
    }

    /// <summary>Credentials for seeded users only (as a login or a token file).</summary>
    private sealed class SeededOnly : ICredentialStrategy
    {
        public string Description => "a token file";

        public Task<Credential> IssueAsync(TenantPrincipal principal, HttpClient target, CancellationToken cancellationToken = default) =>
            Task.FromResult(Credential.Bearer(principal.TenantId));
    }
}

extern alias SampleApp;

using Harness.Runner;
using Harness.AspNetCore;
using Harness.Manifest;
using Harness.Tests.Infrastructure;
using SampleProgram = SampleApp::Program;

namespace Harness.Tests.Idor;

/// <summary>The IDOR probes against the sample app in-process (WebApplicationFactory&lt;Program&gt; of the sample, no port): clean passes, each app-level flaw is found.</summary>
public sealed class InProcessIdorTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_clean_sample_passes_every_probe()
    {
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);

        var result = await sample.RunAsync(new WebApplicationTarget<SampleProgram>(), await ManifestAsync(), progress: new IdorSample.Output(), cancellationToken: Token);

        FlawExpectations.ShouldPass(result);
    }

    [Fact]
    public async Task The_clean_sample_gives_no_finding_on_seeds_1_to_10() =>
        await FlawExpectations.ShouldPassOnSeeds1To10Async(postgres, () => new WebApplicationTarget<SampleProgram>(), await ManifestAsync(), Token);

    [Theory]
    [MemberData(nameof(FlawExpectations.SampleFlaws), MemberType = typeof(FlawExpectations))]
    public async Task Each_planted_app_level_flaw_is_found(string flaw)
    {
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);
        var target = new WebApplicationTarget<SampleProgram>(new WebApplicationTargetOptions
        {
            Settings = new Dictionary<string, string> { [SampleApp::SampleTarget.Configuration.Flaws.ConfigKey] = flaw },
        });

        var result = await sample.RunAsync(target, await ManifestAsync(), progress: new IdorSample.Output(), cancellationToken: Token);

        FlawExpectations.ShouldFind(result, FlawExpectations.Sample[flaw]);
    }

    internal static Task<HarnessManifest> ManifestAsync() => ScenarioRegistry.Default.LoadManifestAsync(RepositoryPaths.SampleManifest, Token);
}

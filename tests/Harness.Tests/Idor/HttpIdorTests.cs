using Harness.Tests.Infrastructure;

namespace Harness.Tests.Idor;

/// <summary>The IDOR probes over HTTP against real processes: the sample's built app and the Node service. Clean passes; each flaw is found.</summary>
public sealed class HttpIdorTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_clean_sample_app_passes_over_http()
    {
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);

        var result = await sample.RunAsync(HttpTargets.Sample(), await InProcessIdorTests.ManifestAsync(), progress: new IdorSample.Output(), cancellationToken: Token);

        FlawExpectations.ShouldPass(result);
    }

    [Theory]
    [MemberData(nameof(FlawExpectations.SampleFlaws), MemberType = typeof(FlawExpectations))]
    public async Task Each_sample_flaw_is_found_over_http(string flaw)
    {
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);

        var result = await sample.RunAsync(HttpTargets.Sample(flaw), await InProcessIdorTests.ManifestAsync(), progress: new IdorSample.Output(), cancellationToken: Token);

        FlawExpectations.ShouldFind(result, FlawExpectations.Sample[flaw]);
    }

    [Fact]
    public async Task The_clean_node_target_passes()
    {
        await HttpTargets.EnsureNodeAsync(Token);
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);

        var result = await sample.RunAsync(HttpTargets.Node(), await HttpTargets.NodeManifestAsync(Token), progress: new IdorSample.Output(), cancellationToken: Token);

        FlawExpectations.ShouldPass(result);
    }

    [Fact]
    public async Task The_clean_node_target_gives_no_finding_on_seeds_1_to_10()
    {
        await HttpTargets.EnsureNodeAsync(Token);

        await FlawExpectations.ShouldPassOnSeeds1To10Async(postgres, () => HttpTargets.Node(), await HttpTargets.NodeManifestAsync(Token), Token);
    }

    [Theory]
    [MemberData(nameof(FlawExpectations.NodeFlaws), MemberType = typeof(FlawExpectations))]
    public async Task Each_node_flaw_is_found(string flaw)
    {
        await HttpTargets.EnsureNodeAsync(Token);
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);

        var result = await sample.RunAsync(HttpTargets.Node(flaw), await HttpTargets.NodeManifestAsync(Token), progress: new IdorSample.Output(), cancellationToken: Token);

        FlawExpectations.ShouldFind(result, FlawExpectations.Node[flaw]);
    }
}

using FluentAssertions;
using Harness.Manifest;
using Harness.Probing;
using Harness.Running;
using Harness.Scenarios.Idor;
using Harness.Targets;
using Harness.Targets.Endpoints;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Idor;

/// <summary><c>--shard i/n</c>: a deterministic split that runs every probe in exactly one shard.</summary>
public sealed class ShardTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_shards_of_a_plan_cover_every_probe_exactly_once_the_same_way_every_time()
    {
        var sample = await IdorSample.CreateAsync(postgres, tenants: 5, cancellationToken: TestContext.Current.CancellationToken);
        var manifest = await InProcessIdorTests.ManifestAsync();
        var endpoints = EndpointResolver.Resolve(manifest.Endpoints!, [], sample.Sample.Model, sample.Sample.Catalog).Endpoints;
        var ids = new IdorPlanner(endpoints, sample.Ledger, PairPlan.For(5, sample.Ledger.Seed), manifest.Idor, sample.Sample.Model, sample.Sample.Catalog)
            .Build().Select(p => p.Id).ToList();

        ids.Should().OnlyHaveUniqueItems("a probe's id is what puts it in a shard");
        foreach (var count in new[] { 1, 2, 3, 4, 7 })
        {
            var shards = Enumerable.Range(1, count).Select(i => ids.Where(new Shard(i, count).Includes).ToList()).ToList();
            shards.SelectMany(s => s).Should().BeEquivalentTo(ids, $"{count} shards run every probe exactly once");
            shards.Sum(s => s.Count).Should().Be(ids.Count);
            Enumerable.Range(1, count).Select(i => ids.Where(new Shard(i, count).Includes).ToList()).Should().BeEquivalentTo(shards, o => o.WithStrictOrdering());
            if (count > 1)
            {
                shards.Should().OnlyContain(s => s.Count > ids.Count / count / 2, "the split is roughly even");
            }
        }
    }

    [Fact]
    public void The_hash_is_fnv1a_so_every_machine_splits_alike()
    {
        Shard.Hash("").Should().Be(14695981039346656037UL);
        Shard.Hash("a").Should().Be(0xaf63dc4c8601ec8cUL);
        new Shard(1, 2).Includes("read|GET /sites/{siteId}|a0|v1|x").Should().Be(Shard.Hash("read|GET /sites/{siteId}|a0|v1|x") % 2 == 0);
    }

    [Theory]
    [InlineData("2/4", 2, 4)]
    [InlineData("1/1", 1, 1)]
    public void Parse_reads_i_of_n(string text, int index, int count) => Shard.Parse(text).Should().Be(new Shard(index, count));

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("2")]
    [InlineData("a/b")]
    public void Parse_refuses_what_is_not_i_of_n(string text) =>
        FluentActions.Invoking(() => Shard.Parse(text)).Should().Throw<ArgumentException>().WithMessage($"--shard '{text}' is not i/n with 1 <= i <= n, e.g. --shard 2/4");
}

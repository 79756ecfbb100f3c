using FluentAssertions;
using Harness.Probing;

namespace Harness.Tests.Probing;

public sealed class PairPlanTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(PairPlan.AllPairsUpTo)]
    public void Up_to_the_threshold_every_ordered_pair_is_probed(int tenants)
    {
        var pairs = PairPlan.For(tenants, seed: 42);

        pairs.Should().HaveCount(tenants * (tenants - 1)).And.OnlyHaveUniqueItems().And.OnlyContain(p => p.Attacker != p.Victim);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(50)]
    [InlineData(200)]
    public void Above_it_every_tenant_is_attacker_and_victim_in_a_deterministic_sample(int tenants)
    {
        var pairs = PairPlan.For(tenants, seed: 42);

        pairs.Should().HaveCount(2 * tenants).And.OnlyHaveUniqueItems();
        pairs.Should().OnlyContain(p => p.Attacker != p.Victim && p.Attacker >= 0 && p.Attacker < tenants && p.Victim >= 0 && p.Victim < tenants);
        pairs.Select(p => p.Attacker).Distinct().Should().HaveCount(tenants, "every tenant attacks at least once");
        pairs.Select(p => p.Victim).Distinct().Should().HaveCount(tenants, "every tenant is attacked at least once");
        PairPlan.For(tenants, seed: 42).Should().Equal(pairs, "the same seed gives the same plan");
        PairPlan.For(tenants, seed: 7).Should().NotEqual(pairs, "another seed samples other pairs");
        PairPlan.For(tenants, seed: 7).Take(tenants).Should().Equal(pairs.Take(tenants), "the cyclic shift is the same for every seed");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Fewer_than_two_tenants_have_no_pair(int tenants)
    {
        PairPlan.For(tenants, seed: 42).Should().BeEmpty();
    }

    [Fact]
    public void All_pairs_can_be_asked_for_above_the_threshold()
    {
        var pairs = PairPlan.For(50, seed: 42, allPairs: true);

        pairs.Should().HaveCount(50 * 49).And.OnlyHaveUniqueItems().And.NotContain(p => p.Attacker == p.Victim);
        PairPlan.Describe(50, pairs.Count).Should().Be("all 2450 ordered pairs of 50 tenants");
    }

    [Fact]
    public void The_plan_describes_itself()
    {
        PairPlan.Describe(4, 12).Should().Be("all 12 ordered pairs of 4 tenants");
        PairPlan.Describe(50, 100).Should().Be("100 of 2450 ordered pairs of 50 tenants (cyclic shift + 50 seeded pairs)");
    }
}

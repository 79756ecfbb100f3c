using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Scenarios.Chaos;

namespace Harness.Tests.Chaos.Family;

/// <summary>The fault schedule is drawn from the seed alone, which is what --replay relies on.</summary>
public sealed class FaultScheduleTests
{
    private static readonly IReadOnlyList<FaultKind> Faults = ChaosOptions.DefaultFaults;

    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        var first = FaultSchedule.Plan(42, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), Faults, 8);
        var again = FaultSchedule.Plan(42, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), Faults, 8);
        var other = FaultSchedule.Plan(43, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), Faults, 8);

        again.Should().Equal(first);
        other.Should().NotEqual(first);
    }

    [Fact]
    public void Faults_fall_inside_the_duration_about_one_per_spacing_from_the_named_kinds_and_tenants()
    {
        var schedule = FaultSchedule.Plan(7, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), [FaultKind.Reset, FaultKind.ErrorReply], 3);

        schedule.Should().HaveCountGreaterThan(20).And.HaveCountLessThan(45, "gaps are 0.5 to 1.5 of the 2 s spacing over 60 s");
        schedule.Select(f => f.At).Should().BeInAscendingOrder().And.OnlyContain(at => at > TimeSpan.Zero && at < TimeSpan.FromSeconds(60));
        schedule.Select(f => f.Kind).Distinct().Should().BeEquivalentTo([FaultKind.Reset, FaultKind.ErrorReply]);
        schedule.Select(f => f.Tenant).Should().OnlyContain(t => t >= 0 && t < 3);
        schedule.Where(f => f.Kind == FaultKind.ErrorReply).Select(f => f.SqlState).Should().OnlyContain(code => code == "40001" || code == "57P01" || code == "08006");
    }
}

using FluentAssertions;
using Harness.Load;

namespace Harness.Tests.Load;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void A_constant_rate_spaces_arrivals_exactly_one_interval_apart_within_the_duration()
    {
        var starts = ArrivalSchedule.Constant(200, TimeSpan.FromSeconds(1)).IntendedStarts().ToList();

        starts.Should().HaveCount(200);
        starts.Should().Equal(Enumerable.Range(0, 200).Select(i => TimeSpan.FromMilliseconds(5 * i)));
    }

    [Fact]
    public void The_maximum_count_bounds_the_arrivals_before_the_duration_does()
    {
        ArrivalSchedule.Constant(200, TimeSpan.FromSeconds(1), maxCount: 10).IntendedStarts().Should().HaveCount(10);
    }

    [Fact]
    public void The_same_seed_gives_the_same_poisson_times_and_another_seed_other_times()
    {
        var schedule = ArrivalSchedule.Constant(500, TimeSpan.FromSeconds(2));

        var first = schedule.WithPoisson(42).IntendedStarts().ToList();
        var again = schedule.WithPoisson(42).IntendedStarts().ToList();
        var other = schedule.WithPoisson(43).IntendedStarts().ToList();

        again.Should().Equal(first);
        other.Should().NotEqual(first);
        first.Should().NotEqual(schedule.IntendedStarts(), "Poisson arrivals are not evenly spaced");
    }

    [Fact]
    public void Poisson_arrivals_keep_the_mean_rate_over_many_arrivals()
    {
        // 100,000 expected arrivals: the count's standard deviation is about 316 (0.3 %), so 2 % is a wide margin.
        var starts = ArrivalSchedule.Constant(1_000, TimeSpan.FromSeconds(100)).WithPoisson(7).IntendedStarts().ToList();

        starts.Count.Should().BeInRange(98_000, 102_000);
        starts.Should().BeInAscendingOrder();
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        gaps.Average().Should().BeApproximately(1.0, 0.02);
        gaps.Max().Should().BeGreaterThan(5, "exponential gaps have a long tail, unlike even spacing");
    }

    [Fact]
    public void A_rising_ramp_is_monotone_with_shrinking_gaps_and_the_expected_count()
    {
        var schedule = ArrivalSchedule.Ramp(10, 1_000, TimeSpan.FromSeconds(2));
        var starts = schedule.IntendedStarts().ToList();

        starts.Count.Should().BeInRange(1_009, 1_011, "the mean rate 505/s over 2 s");
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).ToList();
        gaps.Should().OnlyContain(g => g > TimeSpan.Zero);
        gaps.Zip(gaps.Skip(1), (a, b) => b - a).Should().OnlyContain(d => d <= TimeSpan.FromTicks(1), "the rate only rises");
        starts.Count(s => s < TimeSpan.FromSeconds(1)).Should().BeLessThan(starts.Count(s => s >= TimeSpan.FromSeconds(1)));
        starts.Last().Should().BeLessThan(schedule.Duration);
    }

    [Fact]
    public void A_falling_ramp_to_zero_stays_within_its_duration()
    {
        var starts = ArrivalSchedule.Ramp(100, 0, TimeSpan.FromSeconds(1)).IntendedStarts().ToList();

        starts.Count.Should().BeInRange(49, 51);
        starts.Should().BeInAscendingOrder().And.OnlyContain(s => s < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_ramp_with_poisson_arrivals_keeps_its_mean_count()
    {
        var starts = ArrivalSchedule.Ramp(0, 2_000, TimeSpan.FromSeconds(20)).WithPoisson(3).IntendedStarts().ToList();

        starts.Count.Should().BeInRange(19_000, 21_000);
        starts.Should().BeInAscendingOrder();
    }

    [Theory]
    [InlineData(-1, -1, 1, 10)]
    [InlineData(0, 0, 1, 10)]
    [InlineData(double.NaN, 10, 1, 10)]
    [InlineData(10, 10, 0, 10)]
    [InlineData(10, 10, 1, 0)]
    public void An_impossible_schedule_is_refused_with_what_is_allowed(double startRate, double endRate, double seconds, long maxCount)
    {
        var create = () => ArrivalSchedule.Ramp(startRate, endRate, TimeSpan.FromSeconds(seconds), maxCount);

        create.Should().Throw<LoadConfigurationException>().Which.Message.Should().MatchRegex("must|needs");
    }
}

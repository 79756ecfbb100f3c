using FluentAssertions;
using Harness.Findings;
using Harness.Runner;
using Harness.Running;

namespace Harness.Tests.Runner;

/// <summary>The pipeline schedules by declared needs: sharing families round-robin, each exclusive one on a worker of its own.</summary>
public sealed class WorkerScheduleTests
{
    [Fact]
    public void Families_that_may_share_run_round_robin_on_the_shared_workers()
    {
        var schedule = WorkerSchedule.For([Family(ScenarioNeeds.None), Family(ScenarioNeeds.SeedLedger), Family(ScenarioNeeds.RunningTarget)], 2);

        schedule.WorkerCount.Should().Be(2);
        Enumerable.Range(0, 3).Select(schedule.WorkerOf).Should().Equal(0, 1, 0);
    }

    [Fact]
    public void Each_family_that_changes_the_schema_gets_a_worker_no_other_family_shares()
    {
        var families = new[]
        {
            Family(ScenarioNeeds.ExclusiveWorker), Family(ScenarioNeeds.None), Family(ScenarioNeeds.ExclusiveWorker | ScenarioNeeds.SeedLedger),
            Family(ScenarioNeeds.AppConnection),
        };

        var schedule = WorkerSchedule.For(families, 1);

        schedule.WorkerCount.Should().Be(3);
        Enumerable.Range(0, 4).Select(schedule.WorkerOf).Should().Equal(1, 0, 2, 0);
    }

    [Fact]
    public void Only_exclusive_families_create_no_idle_shared_worker_and_an_empty_list_still_has_one()
    {
        WorkerSchedule.For([Family(ScenarioNeeds.ExclusiveWorker), Family(ScenarioNeeds.ExclusiveWorker)], 4).WorkerCount.Should().Be(2);
        WorkerSchedule.For([], 3).WorkerCount.Should().Be(1);
    }

    private static StubFamily Family(ScenarioNeeds needs) => new(needs);

    private sealed class StubFamily(ScenarioNeeds needs) : IScenario
    {
        public string Id => "stub";

        public IReadOnlyList<Rule> Rules => [];

        public ScenarioNeeds Needs => needs;

        public Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("scheduling never runs a family");
    }
}

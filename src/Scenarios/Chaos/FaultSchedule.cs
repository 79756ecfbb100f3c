using System.Globalization;
using Harness.Chaos.Proxy;

namespace Harness.Scenarios.Chaos;

/// <summary>One fault of the schedule: when (from the start of the faults), which, and aimed at which tenant.</summary>
/// <param name="SqlState">For an injected error reply: the code it answers with.</param>
internal sealed record ScheduledFault(TimeSpan At, FaultKind Kind, int Tenant, string SqlState)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"+{At.TotalSeconds:0.0}s {ChaosFaultNames.Of(Kind)}{(Kind == FaultKind.ErrorReply ? $" {SqlState}" : "")} (tenant {Tenant})");
}

/// <summary>
/// The faults of a run, drawn from the seed alone: the same seed, duration, spacing, faults and tenants give the same
/// schedule, which is what <c>--replay</c> reruns. Gaps are uniform in [0.5, 1.5] of the mean spacing.
/// </summary>
internal static class FaultSchedule
{
    private static readonly string[] ErrorCodes = ["40001", "57P01", "08006"];

    public static IReadOnlyList<ScheduledFault> Plan(int seed, TimeSpan duration, TimeSpan every, IReadOnlyList<FaultKind> faults, int tenants)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var random = new Random(seed);
        var schedule = new List<ScheduledFault>();
        var at = TimeSpan.Zero;
        while (faults.Count > 0 && tenants > 0)
        {
            at += every * (0.5 + random.NextDouble());
            if (at >= duration)
            {
                break;
            }

            var kind = faults[random.Next(faults.Count)];
            var tenant = random.Next(tenants);
            var code = ErrorCodes[random.Next(ErrorCodes.Length)];
            schedule.Add(new ScheduledFault(at, kind, tenant, code));
        }

        return schedule;
    }
}

/// <summary>The manifest's names of the faults.</summary>
internal static class ChaosFaultNames
{
    public static string Of(FaultKind kind) =>
        ChaosOptionsReader.FaultNames.FirstOrDefault(n => n.Value == kind).Key ?? kind.ToString();
}

namespace Harness.Scenarios.Chaos;

/// <summary>
/// The steady-state hypothesis, Chaos Toolkit style: every tenant's reads answer successfully and carry only its own data.
/// Checked before the faults (a read that fails then is left out: the faults cannot be blamed for it) and after them,
/// round after round until it holds again or the bound passes.
/// </summary>
internal sealed class SteadyState(ChaosSender sender, ChaosObservations observations)
{
    private static readonly TimeSpan RoundGap = TimeSpan.FromMilliseconds(500);

    /// <summary>One round: each tenant's reads once, in turn. Returns the reads that did not answer successfully.</summary>
    public async Task<IReadOnlyList<(ChaosTenant Tenant, ChaosRead Read, int Status)>> RoundAsync(
        IReadOnlyList<ChaosTenant> tenants, string phase, CancellationToken cancellationToken)
    {
        var failed = new List<(ChaosTenant, ChaosRead, int)>();
        foreach (var tenant in tenants)
        {
            foreach (var read in tenant.Reads)
            {
                var status = await sender.SendAsync(tenant, read, phase, cancellationToken);
                if (!Healthy(status))
                {
                    failed.Add((tenant, read, status));
                }
            }
        }

        return failed;
    }

    /// <summary>The app answered as it should: a success, or a throttle (429: it answered, and the rate limit is quota's to judge).</summary>
    public static bool Healthy(int status) => status is (>= 200 and < 400) or 429;

    /// <summary>
    /// Rounds after the faults until one passes (every read succeeds, no new leak) or <paramref name="within"/> passes.
    /// Returns how long it took, or null with the last round's failures when it did not hold in time.
    /// </summary>
    public async Task<(TimeSpan? RestoredAfter, IReadOnlyList<(ChaosTenant Tenant, ChaosRead Read, int Status)> LastFailures)> RestoreAsync(
        IReadOnlyList<ChaosTenant> tenants, TimeSpan within, CancellationToken cancellationToken)
    {
        var started = sender.Elapsed;
        IReadOnlyList<(ChaosTenant, ChaosRead, int)> failures = [];
        var round = 0;
        while (sender.Elapsed - started < within || round == 0)
        {
            if (round++ > 0)
            {
                // Rounds a little apart: the app's pool and rate limits get time to recover, and the run sends a bounded number.
                await Task.Delay(RoundGap, cancellationToken);
            }

            var leaksBefore = observations.Leaks.Count;
            failures = await RoundAsync(tenants, "after", cancellationToken);
            if (failures.Count == 0 && observations.Leaks.Count == leaksBefore)
            {
                return (sender.Elapsed - started, []);
            }
        }

        return (null, failures);
    }
}

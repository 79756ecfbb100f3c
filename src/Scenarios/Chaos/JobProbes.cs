using System.Globalization;
using Harness.Chaos.Proxy;
using Harness.Findings;
using Harness.Probing;
using Harness.Running;

namespace Harness.Scenarios.Chaos;

/// <summary>
/// Background jobs keep their tenant: each tenant's job (queued one tenant after another, so a worker that keeps the last
/// tenant's state shows it) must return only that tenant's data, also when a fault breaks the job's first attempt and the
/// worker retries it; and one tenant flooding the queue must not hold back another's job (CHAOS008).
/// </summary>
internal sealed class JobProbes(JobClient jobs, ChaosTopology topology, LeakScanner scanner, ChaosEvidence evidence, IReadOnlyList<string> tenantIds)
{
    /// <summary>How long a probe waits for its jobs.</summary>
    private static readonly TimeSpan JobWait = TimeSpan.FromSeconds(30);

    /// <summary>Retries probed: a fault on the first attempt of this many tenants' jobs.</summary>
    private const int Retries = 3;

    /// <summary>The probes of this job; the flood (0: none) judges the queue, so a run floods with its first job only.</summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(IReadOnlyList<ChaosTenant> tenants, int flood, CancellationToken cancellationToken)
    {
        var subject = $"results of {jobs.Job.Result}";
        var finished = new List<JobRun>();
        var problems = new List<string>();

        // Each tenant's job, one after another: also how long a job takes when the queue is quiet.
        foreach (var tenant in tenants)
        {
            if (await RunOneAsync(tenant, null, problems, cancellationToken) is { } run)
            {
                finished.Add(run);
            }
        }

        var quiet = finished.Select(r => r.FinishedAt!.Value - r.QueuedAt).Order().ToList();
        var solo = quiet.Count == 0 ? TimeSpan.Zero : quiet[quiet.Count / 2];

        // A fault on the first attempt of a tenant's job: the worker's retry must still run as that tenant.
        foreach (var tenant in tenants.Skip(1).Take(Retries))
        {
            var fault = new ArmedFault(FaultKind.ErrorReply) { SqlState = "57P01", TenantValue = tenantIds[tenant.Index] };
            if (await RunOneAsync(tenant, fault, problems, cancellationToken) is { } run)
            {
                finished.Add(run);
            }
        }

        var leakChecks = finished.Count == 0
            ? ChaosJudge.NotCovered(ChaosRules.LeakUnderFaults, subject, $"no job finished within {JobWait.TotalSeconds:0}s{(problems.Count > 0 ? $": {problems[0]}" : "")}")
            : new CheckResult(ChaosRules.LeakUnderFaults, subject, [.. finished.SelectMany(Leaks)], finished.Count);
        return flood == 0 ? [leakChecks] : [leakChecks, await StarvationAsync(tenants, flood, solo, cancellationToken)];
    }

    private async Task<JobRun?> RunOneAsync(ChaosTenant tenant, ArmedFault? fault, List<string> problems, CancellationToken cancellationToken)
    {
        var (run, problem) = await jobs.EnqueueAsync(tenant, cancellationToken);
        if (run is null)
        {
            problems.Add(problem!);
            return null;
        }

        if (fault is not null)
        {
            // Armed once the job is queued, for a connection in the tenant's context: the worker's, as nothing else acts for
            // this tenant until the fault fires (the polls wait for it).
            var handle = topology.AppSide.Arm(fault);
            var fired = await Task.WhenAny(handle.Fired, Task.Delay(JobWait / 3, cancellationToken));
            if (fired != handle.Fired)
            {
                handle.Disarm();
            }
        }

        await jobs.WaitAsync([run], JobWait, cancellationToken);
        return run.FinishedAt is null ? null : run;
    }

    private IEnumerable<Finding> Leaks(JobRun run)
    {
        var leaks = scanner.Scan(run.Result ?? "", run.Tenant.Index, run.Id);
        if (leaks.Count == 0)
        {
            yield break;
        }

        var victim = leaks[0].Victim;
        yield return new Finding(
            ChaosRules.LeakUnderFaults, ChaosScenario.ScenarioId, jobs.Job.Result,
            string.Create(CultureInfo.InvariantCulture,
                $"the job {run.Id} that tenant {run.Tenant.Index} queued ({jobs.Job.Enqueue}) returned data of tenant {victim}: {string.Join(", ", leaks.Take(3))}"),
            $"status {run.Status}; {evidence.Context(run.FinishedAt ?? TimeSpan.Zero)}")
        {
            Tenants = new FindingTenants(tenantIds[run.Tenant.Index], tenantIds[victim]),
        };
    }

    /// <summary>
    /// One tenant queues <paramref name="flood"/> jobs, then each neighbour one: a neighbour's job that finished only after the
    /// whole flood, and took more than twice as long as a job on a quiet queue (<paramref name="solo"/>, the median), waited
    /// behind another tenant's jobs (a global concurrency limit instead of one per tenant). An app with spare capacity, or
    /// one that shares it per tenant, finishes the neighbour's job while the flood still runs.
    /// </summary>
    private async Task<CheckResult> StarvationAsync(IReadOnlyList<ChaosTenant> tenants, int flood, TimeSpan solo, CancellationToken cancellationToken)
    {
        const string subject = "job queue under one tenant's flood";
        // Queued at once (the flood, then the neighbours), so the flood is still running when the neighbours arrive.
        var noisy = tenants[0];
        var floodRuns = (await Task.WhenAll(Enumerable.Range(0, flood).Select(_ => jobs.EnqueueAsync(noisy, cancellationToken))))
            .Select(r => r.Run).OfType<JobRun>().ToList();
        var neighbours = (await Task.WhenAll(tenants.Skip(1).Take(3).Select(t => jobs.EnqueueAsync(t, cancellationToken))))
            .Select(r => r.Run).OfType<JobRun>().ToList();

        await jobs.WaitAsync([.. floodRuns, .. neighbours], JobWait * 2, cancellationToken);
        if (floodRuns.Count < flood || floodRuns.Any(f => f.FinishedAt is null) || neighbours.Any(n => n.FinishedAt is null))
        {
            return ChaosJudge.NotCovered(ChaosRules.QueueStarvation, subject,
                $"the flood's jobs or the neighbours' did not finish within {(JobWait * 2).TotalSeconds:0}s ({floodRuns.Count} of {flood} queued)");
        }

        // A neighbour is judged when at least three of the flood's jobs were still to finish when it was queued: then a queue
        // shared per tenant finishes it before them, and a global limit after them all.
        var judged = neighbours.Where(n => floodRuns.Count(f => f.FinishedAt > n.QueuedAt) >= 3).ToList();
        if (judged.Count == 0)
        {
            return ChaosJudge.NotCovered(ChaosRules.QueueStarvation, subject,
                $"the flood of {flood} jobs drained before the neighbours' jobs were queued (jobs this quick cannot show a queue held back): raise chaos.flood");
        }

        var findings = new List<Finding>();
        foreach (var neighbour in judged)
        {
            var pending = floodRuns.Where(f => f.FinishedAt > neighbour.QueuedAt).ToList();
            var waited = neighbour.FinishedAt!.Value - neighbour.QueuedAt;
            if (pending.All(f => f.FinishedAt < neighbour.FinishedAt) && waited > 2 * solo)
            {
                findings.Add(new Finding(
                    ChaosRules.QueueStarvation, ChaosScenario.ScenarioId, jobs.Job.Enqueue,
                    string.Create(CultureInfo.InvariantCulture,
                        $"tenant {neighbour.Tenant.Index}'s job finished only after all {pending.Count} of tenant {noisy.Index}'s jobs still queued before it, in {waited.TotalSeconds:0.00}s against {solo.TotalSeconds:0.00}s on a quiet queue: it waited behind another tenant's jobs"),
                    string.Create(CultureInfo.InvariantCulture,
                        $"neighbour's job {neighbour.Id} queued at {neighbour.QueuedAt.TotalSeconds:0.00}s, finished at {neighbour.FinishedAt!.Value.TotalSeconds:0.00}s; the flood's last job finished at {floodRuns.Max(f => f.FinishedAt ?? TimeSpan.Zero).TotalSeconds:0.00}s; seed {evidence.Seed}"))
                {
                    Tenants = new FindingTenants(tenantIds[noisy.Index], tenantIds[neighbour.Tenant.Index]),
                });
            }
        }

        return new CheckResult(ChaosRules.QueueStarvation, subject, findings, judged.Count);
    }
}

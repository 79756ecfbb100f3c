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

    public async Task<IReadOnlyList<CheckResult>> RunAsync(IReadOnlyList<ChaosTenant> tenants, int flood, CancellationToken cancellationToken)
    {
        var subject = $"results of {jobs.Job.Result}";
        var finished = new List<JobRun>();
        var problems = new List<string>();

        // Each tenant's job, one after another.
        foreach (var tenant in tenants)
        {
            if (await RunOneAsync(tenant, null, problems, cancellationToken) is { } run)
            {
                finished.Add(run);
            }
        }

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
        return [leakChecks, await StarvationAsync(tenants, flood, cancellationToken)];
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
    /// One tenant queues <paramref name="flood"/> jobs, then each neighbour one: a neighbour's job that finishes after more
    /// than half of the flood waited behind it (a global concurrency limit instead of one per tenant).
    /// </summary>
    private async Task<CheckResult> StarvationAsync(IReadOnlyList<ChaosTenant> tenants, int flood, CancellationToken cancellationToken)
    {
        const string subject = "job queue under one tenant's flood";
        if (flood == 0)
        {
            return ChaosJudge.NotCovered(ChaosRules.QueueStarvation, subject, "chaos.flood is 0");
        }

        var noisy = tenants[0];
        var floodRuns = new List<JobRun>();
        for (var i = 0; i < flood; i++)
        {
            if ((await jobs.EnqueueAsync(noisy, cancellationToken)).Run is { } run)
            {
                floodRuns.Add(run);
            }
        }

        var neighbours = new List<JobRun>();
        foreach (var tenant in tenants.Skip(1).Take(3))
        {
            if ((await jobs.EnqueueAsync(tenant, cancellationToken)).Run is { } run)
            {
                neighbours.Add(run);
            }
        }

        await jobs.WaitAsync([.. floodRuns, .. neighbours], JobWait * 2, cancellationToken);
        var judged = neighbours.Where(n => n.FinishedAt is not null).ToList();
        if (floodRuns.Count < flood || judged.Count == 0)
        {
            return ChaosJudge.NotCovered(ChaosRules.QueueStarvation, subject,
                $"the flood's jobs or the neighbours' did not finish within {(JobWait * 2).TotalSeconds:0}s ({floodRuns.Count} of {flood} queued, {judged.Count} of {neighbours.Count} neighbours finished)");
        }

        var findings = new List<Finding>();
        foreach (var neighbour in judged)
        {
            var ahead = floodRuns.Count(f => f.FinishedAt is { } done && done < neighbour.FinishedAt);
            if (ahead * 2 > floodRuns.Count)
            {
                findings.Add(new Finding(
                    ChaosRules.QueueStarvation, ChaosScenario.ScenarioId, jobs.Job.Enqueue,
                    string.Create(CultureInfo.InvariantCulture,
                        $"tenant {neighbour.Tenant.Index}'s job, queued after tenant {noisy.Index}'s {floodRuns.Count}, finished after {ahead} of them: it waited behind another tenant's jobs"),
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

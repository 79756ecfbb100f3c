using Harness.Model;
using Harness.Targets;
using Npgsql;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Runs the create probes one victim at a time. While tenant B is the victim, B attacks no one, so the attackers' own
/// creates land under themselves and any row that appears under B, or pointing at one of B's parents, came from a probe
/// of this round. The admin asks once per created table before and after the round, not twice per probe. When rows did
/// appear, they are removed and that table's probes of the round run again one at a time, each judged by its own
/// before and after, so every finding names the request that created the row. A probe whose preparation the database
/// refuses is skipped (<see cref="SetupFailure"/>).
/// </summary>
internal sealed class CreateRounds(IdorRuntime runtime, IRunningTarget target, int concurrency)
{
    public async Task RunAsync(IReadOnlyList<(CreateProbe Probe, int Index)> probes, ProbeOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        foreach (var round in probes.GroupBy(p => p.Probe.Victim!.Value))
        {
            await RunRoundAsync([.. round], outcomes, cancellationToken);
        }
    }

    private async Task RunRoundAsync(List<(CreateProbe Probe, int Index)> round, ProbeOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        var prepared = new List<(CreateProbe Probe, int Index, CreateAttempt Attempt)>();
        foreach (var (probe, index) in round)
        {
            CreateAttempt? attempt;
            ProbeOutcome? unprepared;
            try
            {
                (attempt, unprepared) = await probe.PrepareAsync(runtime, cancellationToken);
            }
            catch (PostgresException e)
            {
                (attempt, unprepared) = (null, SetupFailure.Skipped($"preparing {probe.Subject} on", probe.Table, e));
            }

            if (attempt is null)
            {
                outcomes[index] = unprepared!;
            }
            else
            {
                prepared.Add((probe, index, attempt));
            }
        }

        var tables = prepared.Select((p, position) => (p.Probe, p.Index, p.Attempt, Position: position))
            .GroupBy(p => p.Probe.Table)
            .Select(g => (Table: g.Key, Probes: g.ToList(), Conditions: Conditions(g.Select(p => p.Attempt))))
            .ToList();
        var before = new Dictionary<TableName, HashSet<string>>();
        foreach (var (table, _, conditions) in tables)
        {
            before[table] = await runtime.Rows.KeysWhereAnyAsync(table, conditions, cancellationToken);
        }

        var responses = new TargetResponse[prepared.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, prepared.Count), options, async (i, token) =>
            responses[i] = await IdorScenario.Guarded(target, () => prepared[i].Probe.SendAsync(runtime, prepared[i].Attempt, token), token));

        foreach (var (table, tableProbes, conditions) in tables)
        {
            var created = await runtime.Rows.RemoveNewAsync(table, conditions, before[table], cancellationToken);
            foreach (var (probe, index, attempt, position) in tableProbes)
            {
                outcomes[index] = created == 0
                    ? await probe.JudgeAsync(runtime, attempt, responses[position], 0, cancellationToken)
                    : await IdorScenario.Guarded(target, () => IdorScenario.SkippingSetupAsync(probe, () => RerunAsync(probe, cancellationToken)), cancellationToken);
            }
        }
    }

    /// <summary>Alone, judged by its own before and after; the round's request counts too.</summary>
    private async Task<ProbeOutcome> RerunAsync(CreateProbe probe, CancellationToken cancellationToken)
    {
        var outcome = await probe.RunAsync(runtime, cancellationToken);
        return outcome with { Requests = outcome.Requests + 1 };
    }

    private static List<(string Column, string Value)> Conditions(IEnumerable<CreateAttempt> attempts) =>
        [.. attempts.SelectMany(a => a.Conditions).Distinct()];
}

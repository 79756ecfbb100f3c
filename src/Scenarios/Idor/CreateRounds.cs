using Harness.Model;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Runs the create probes one victim at a time. While tenant B is the victim, B attacks no one, so the attackers' own
/// creates land under themselves and any row that appears under B, or pointing at one of B's parents, came from a probe
/// of this round. The admin asks once per created table before and after the round, not twice per probe. When rows did
/// appear, they are removed and that table's probes of the round run again one at a time, each judged by its own
/// before and after, so every finding names the request that created the row.
/// </summary>
internal sealed class CreateRounds(IdorRuntime runtime, int concurrency, Func<Func<Task<ProbeOutcome>>, CancellationToken, Task<ProbeOutcome>> guarded)
{
    public async Task RunAsync(IReadOnlyList<(CreateProbe Probe, int Index)> probes, ProbeOutcome[] outcomes, CancellationToken cancellationToken)
    {
        foreach (var round in probes.GroupBy(p => p.Probe.Victim!.Value))
        {
            await RunRoundAsync([.. round], outcomes, cancellationToken);
        }
    }

    private async Task RunRoundAsync(List<(CreateProbe Probe, int Index)> round, ProbeOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var prepared = new List<(CreateProbe Probe, int Index, CreateAttempt Attempt)>();
        foreach (var (probe, index) in round)
        {
            var (attempt, unprepared) = await probe.PrepareAsync(runtime, cancellationToken);
            if (attempt is null)
            {
                outcomes[index] = unprepared!;
            }
            else
            {
                prepared.Add((probe, index, attempt));
            }
        }

        var tables = prepared.GroupBy(p => p.Probe.Table).Select(g => (Table: g.Key, Probes: g.ToList(), Conditions: Conditions(g.Select(p => p.Attempt)))).ToList();
        var before = new Dictionary<TableName, HashSet<string>>();
        foreach (var (table, _, conditions) in tables)
        {
            before[table] = await runtime.Rows.KeysWhereAnyAsync(table, conditions, cancellationToken);
        }

        var responses = new Targets.TargetResponse[prepared.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, prepared.Count), options, async (i, token) =>
        {
            var (probe, _, attempt) = prepared[i];
            await guarded(async () =>
            {
                responses[i] = await probe.SendAsync(runtime, attempt, token);
                return ProbeOutcome.Pass(1);
            }, token);
        });

        var position = prepared.Select((p, i) => (p.Index, i)).ToDictionary(p => p.Index, p => p.i);
        foreach (var (table, tableProbes, conditions) in tables)
        {
            var after = await runtime.Rows.KeysWhereAnyAsync(table, conditions, cancellationToken);
            var created = after.Except(before[table]).ToList();
            foreach (var key in created)
            {
                await runtime.Rows.DeleteAsync(table, key.Split('\u001f'), CancellationToken.None);
            }

            foreach (var (probe, index, attempt) in tableProbes)
            {
                outcomes[index] = created.Count == 0
                    ? await probe.JudgeAsync(runtime, attempt, responses[position[index]], 0, cancellationToken)
                    : await guarded(() => RerunAsync(probe, cancellationToken), cancellationToken);
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

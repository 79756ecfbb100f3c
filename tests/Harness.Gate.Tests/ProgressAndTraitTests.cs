using Harness.Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Harness.Gate.Tests;

/// <summary>What a user sees while the gate runs under <c>dotnet test</c>, and what each generated case carries.</summary>
public sealed class ProgressAndTraitTests(SampleGate clean)
{
    [Fact]
    public void The_run_reports_provisioning_seeding_and_each_scenario_starting_and_finishing()
    {
        var log = clean.Log;
        Assert.Null(clean.StartFailure);

        Assert.Contains(log, l => l.StartsWith("[SampleGate] provisioning PostgreSQL (auto)", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("[SampleGate] postgres: ", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("[SampleGate] seeded ", StringComparison.Ordinal));
        foreach (var scenario in clean.Report.Scenarios.Select(s => s.ScenarioId))
        {
            var started = IndexOf(log, $"[SampleGate] {scenario}: started");
            var finished = IndexOf(log, $"[SampleGate] {scenario}: {clean.Report.Scenarios.Single(s => s.ScenarioId == scenario).Checks.Count} checks");
            Assert.True(started >= 0 && finished > started, $"{scenario} starts, then finishes with its check count:\n{string.Join("\n", log)}");
        }
    }

    [Fact]
    public async Task Progress_is_sent_as_xunit_diagnostic_messages_as_it_happens()
    {
        var sink = new RecordingSink();
        var gate = new InvalidOptionsGate();

        // A context of its own, as xunit gives an assembly fixture, confined to this task's flow.
        await Task.Run(async () =>
        {
            TestContext.SetForInitialization(sink, diagnosticMessages: true, internalDiagnosticMessages: false);
            await gate.InitializeAsync();
        }, TestContext.Current.CancellationToken);

        Assert.NotEmpty(gate.Log);
        Assert.Equal(gate.Log, sink.Messages);
        Assert.Contains(sink.Messages, m => m.StartsWith("[InvalidOptionsGate] did not run: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_case_carries_its_gate_scenario_rule_and_severity_as_traits()
    {
        var rows = await new IsolationChecksAttribute(typeof(SampleGate))
            .GetData(typeof(ProgressAndTraitTests).GetMethod(nameof(Each_case_carries_its_gate_scenario_rule_and_severity_as_traits))!, new DisposalTracker());

        Assert.Equal(clean.Checks.Count, rows.Count);
        Assert.All(rows, row =>
        {
            var check = (IsolationCheck)row.GetData()[0]!;
            Assert.Equal(check.DisplayName, row.TestDisplayName);
            Assert.Equal([clean.Name], row.Traits!["Gate"]);
            Assert.Equal([check.Scenario], row.Traits["Scenario"]);
            Assert.Equal([check.Result!.Rule.Id], row.Traits["Rule"]);
            Assert.Equal([check.Result.Rule.Severity.ToString()], row.Traits["Severity"]);
        });
    }

    private static int IndexOf(IReadOnlyList<string> log, string prefix)
    {
        for (var i = 0; i < log.Count; i++)
        {
            if (log[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class RecordingSink : IMessageSink
    {
        private readonly List<string> messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (messages)
                {
                    return [.. messages];
                }
            }
        }

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is IDiagnosticMessage diagnostic)
            {
                lock (messages)
                {
                    messages.Add(diagnostic.Message);
                }
            }

            return true;
        }
    }
}

using Harness.Errors;
using Harness.Xunit;

namespace Harness.Gate.Tests;

/// <summary>The gate shares the harness's error model: its failures are harness failures, and its options are checked as the CLI's are.</summary>
public sealed class GateErrorTests(InvalidOptionsGate invalid)
{
    [Fact]
    public void Options_out_of_range_are_refused_with_the_message_the_command_line_gives()
    {
        var refusal = Assert.IsType<UsageException>(invalid.StartFailure);

        Assert.Equal("--workers takes 1 to 64", refusal.Message);
        var error = Assert.Throws<IsolationGateException>(() => invalid.Report);
        Assert.StartsWith($"{nameof(InvalidOptionsGate)} did not run: --workers takes 1 to 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gates_exceptions_are_harness_failures_except_the_assertion_failure()
    {
        // A failed isolation check is a finding reported as an xunit assertion failure, not a run that could not go on.
        var exceptions = typeof(IsolationGate).Assembly.GetExportedTypes()
            .Where(t => t.Name.EndsWith("Exception", StringComparison.Ordinal) && t != typeof(IsolationCheckFailedException));

        Assert.Contains(typeof(IsolationGateException), exceptions);
        Assert.All(exceptions, t => Assert.True(typeof(HarnessException).IsAssignableFrom(t) && t.IsSealed, t.FullName));
    }
}

using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Move;

/// <summary>
/// <c>harness drill move</c> end to end as a user runs it: it starts a local cluster of its own (that is the command's
/// promise, so this test does not hand it the shared server), moves a sample tenant and exits 0; bad input exits 2.
/// </summary>
public sealed class DrillMoveCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_drill_on_its_own_cluster_exits_0_and_bad_input_exits_2()
    {
        var reports = Directory.CreateTempSubdirectory("harness-drill-move-").FullName;

        var clean = await CliProcess.HarnessAsync(["drill", "move", "--tenants", "2", "--tenant", "1", "--plain", "--reports", reports], cancellationToken: Token);
        var tooFew = await CliProcess.HarnessAsync(["drill", "move", "--tenants", "1", "--plain", "--reports", reports], cancellationToken: Token);
        var noManifest = await CliProcess.HarnessAsync(["drill", "move", "--manifest", "nothing/harness.yaml", "--plain", "--reports", reports], cancellationToken: Token);

        clean.ExitCode.Should().Be(0, clean.ToString());
        clean.Stderr.Should().Contain("copy:").And.Contain("moving tenant");
        tooFew.ExitCode.Should().Be(2);
        tooFew.Stderr.Should().Contain("--tenants");
        noManifest.ExitCode.Should().Be(2);
        noManifest.Stderr.Should().Contain("does not exist");
    }
}

using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Restore;

/// <summary><c>harness drill restore</c> refuses bad input before it provisions anything (exit 2, the option named).</summary>
public sealed class DrillRestoreCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("--target", "yesterday", "--target 'yesterday' is not a recovery target")]
    [InlineData("--backup-tool", "barman", "--backup-tool 'barman' is not supported")]
    [InlineData("--rto-budget", "soon", "--rto-budget 'soon' is not a duration")]
    public async Task Bad_input_is_refused_with_what_to_do(string option, string value, string message)
    {
        var result = await CliProcess.HarnessAsync(
            ["drill", "restore", "--manifest", RepositoryPaths.SampleManifest, option, value, "--plain"], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.Stdout);
        result.Stderr.Should().Contain(message);
    }
}

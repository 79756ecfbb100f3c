using FluentAssertions;
using Harness.Cli.Commands;
using Harness.Errors;
using Harness.Manifest;

namespace Harness.Tests.Cli;

/// <summary>What the CLI prints when a command fails: a harness failure's message, or that the harness has a bug.</summary>
public sealed class FailuresTests
{
    [Fact]
    public async Task A_harness_failure_prints_its_message_without_a_stack_trace_and_exits_2()
    {
        var (exit, stderr) = await GuardAsync(() => throw new UsageException("--workers takes 1 to 64"));

        exit.Should().Be(ExitCodes.CouldNotRun);
        stderr.Should().Be("error: --workers takes 1 to 64\n");
    }

    [Fact]
    public async Task Any_other_exception_is_a_bug_in_the_harness_with_the_stack_trace_only_with_diagnostics()
    {
        var (exit, stderr) = await GuardAsync(() => throw new ArgumentException("value does not fall within the range"));
        var (_, diagnosed) = await GuardAsync(() => throw new InvalidOperationException("sequence contains no elements"), diagnostics: true);

        exit.Should().Be(ExitCodes.CouldNotRun);
        stderr.Should().Be("error: this is a bug in the harness: System.ArgumentException: value does not fall within the range\n"
            + "run again with --diagnostics for the stack trace, and report it as a bug\n");
        diagnosed.Should().StartWith("error: this is a bug in the harness: System.InvalidOperationException: sequence contains no elements\n")
            .And.Contain("   at ");
    }

    [Fact]
    public async Task A_manifest_error_keeps_its_file_line_and_column()
    {
        var (exit, stderr) = await GuardAsync(() => throw new ManifestException("h.yaml", 4, 3, "unknown key 'tenancy.roots'"));

        exit.Should().Be(ExitCodes.CouldNotRun);
        stderr.Should().Be("error: h.yaml:4:3: unknown key 'tenancy.roots'\n");
    }

    private static async Task<(int Exit, string Stderr)> GuardAsync(Func<Task<int>> action, bool diagnostics = false)
    {
        await using var stderr = new StringWriter { NewLine = "\n" };
        var exit = await Failures.GuardAsync(diagnostics, action, stderr);
        return (exit, stderr.ToString());
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Harness.Processes;

namespace Harness.Tests.Processes;

public sealed class ChildProcessTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stdout_and_stderr_lines_are_both_kept_and_the_exit_code_is_returned()
    {
        using var child = ChildProcess.Start(Shell("echo out; echo err >&2; exit 4"), new OutputTail(10));

        var exitCode = await child.WaitOrKillAsync(Token);

        exitCode.Should().Be(4);
        child.Output.Lines().Should().BeEquivalentTo("out", "err");
    }

    [Fact]
    public async Task Only_the_last_lines_are_kept()
    {
        using var child = ChildProcess.Start(Shell("for i in 1 2 3 4 5; do echo line $i; done"), new OutputTail(3));

        (await child.WaitOrKillAsync(Token)).Should().Be(0);

        child.Output.Lines().Should().Equal("line 3", "line 4", "line 5");
    }

    [Fact]
    public async Task Arguments_folder_and_environment_reach_the_program_as_given()
    {
        var folder = Directory.CreateTempSubdirectory("harness-child-");
        var command = new ProcessCommand("sh", ["-c", "echo \"$1\"; pwd; echo \"$HARNESS_CHILD_TEST\"", "sh", "one argument; not split"])
        {
            WorkingDirectory = folder.FullName,
            Environment = new Dictionary<string, string> { ["HARNESS_CHILD_TEST"] = "from the harness" },
        };
        using var child = ChildProcess.Start(command, new OutputTail(10));

        (await child.WaitOrKillAsync(Token)).Should().Be(0);

        child.Output.Lines().Should().Equal("one argument; not split", folder.FullName, "from the harness");
        folder.Delete();
    }

    [Fact]
    public async Task A_closed_standard_input_ends_a_reading_program_at_once()
    {
        using var child = ChildProcess.Start(new ProcessCommand("cat", []), new OutputTail(10));

        var exitCode = await child.WaitOrKillAsync(TimeSpan.FromSeconds(20), Token);

        exitCode.Should().Be(0);
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_tree_and_says_so_with_null()
    {
        using var child = ChildProcess.Start(Shell("sleep 60 & echo $!; wait"), new OutputTail(10));
        var grandchild = await FirstLineAsync(child);
        var clock = Stopwatch.StartNew();

        var exitCode = await child.WaitOrKillAsync(TimeSpan.FromMilliseconds(300), Token);

        exitCode.Should().BeNull();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        child.HasExited.Should().BeTrue();
        IsRunning(grandchild).Should().BeFalse("the program's own children are killed with it");
    }

    [Fact]
    public async Task Cancellation_kills_the_tree_and_throws()
    {
        using var child = ChildProcess.Start(Shell("sleep 60 & echo $!; wait"), new OutputTail(10));
        var grandchild = await FirstLineAsync(child);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));

        var act = () => child.WaitOrKillAsync(cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        child.HasExited.Should().BeTrue();
        IsRunning(grandchild).Should().BeFalse();
    }

    [Fact]
    public async Task Waiting_without_killing_leaves_the_process_running()
    {
        using var child = ChildProcess.Start(Shell("sleep 60"), new OutputTail(10));
        using var pause = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => child.WaitForExitAsync(pause.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        child.HasExited.Should().BeFalse();
        child.KillTree();
        (await child.SettleAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
    }

    [Fact]
    public void A_program_that_cannot_start_throws_the_os_error()
    {
        var act = () => ChildProcess.Start(new ProcessCommand("/nonexistent/harness-no-such-program", []), new OutputTail(10));

        act.Should().Throw<Win32Exception>();
    }

    private static ProcessCommand Shell(string script) => new("sh", ["-c", script]);

    private static async Task<int> FirstLineAsync(ChildProcess child)
    {
        var clock = Stopwatch.StartNew();
        while (child.Output.Lines().Count == 0)
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the script prints its child's pid at once");
            await Task.Delay(20, Token);
        }

        return int.Parse(child.Output.Lines()[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Whether the process runs (a zombie waiting to be reaped does not run).</summary>
    private static bool IsRunning(int pid)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var stat = $"/proc/{pid}/stat";
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                return false;
            }

            if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
    }
}

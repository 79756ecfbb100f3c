using System.Globalization;
using FluentAssertions;
using Harness.Processes;
using Harness.Tests.Provisioning;

namespace Harness.Tests.Processes;

/// <summary>
/// Children in their own process group: stopping reaches their own children, a SIGTERM comes before the SIGKILL, their
/// temp files stay in a private folder, and a later harness stops the children of one that was killed.
/// </summary>
public sealed class ProcessGroupTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_child_keeps_its_pid_and_leads_its_own_group()
    {
        using var root = new ScratchRoot();
        using var child = ChildProcess.Start(Grouped("echo $$; exec sleep 600"), new OutputTail(10), new ChildRegistry(root.Path));

        var pid = await FirstLineAsync(child);

        pid.Should().Be(child.Id, "setsid execs the program without forking, so the pid the harness holds is the program's");
        child.ProcessGroup.Should().Be(child.Id);
        ProcessGroupProbe.GroupOf(child.Id).Should().Be(child.Id);
    }

    [Fact]
    public async Task The_reaper_kills_the_group_of_a_dead_owner_with_its_grandchild_and_leaves_a_live_owners_alone()
    {
        using var root = new ScratchRoot();
        var dead = new ChildRegistry(Path.Combine(root.Path, "dead"));
        var live = new ChildRegistry(Path.Combine(root.Path, "live"));
        using var orphan = ChildProcess.Start(Grouped("sleep 600 & echo $!; wait"), new OutputTail(10), dead);
        using var kept = ChildProcess.Start(Grouped("sleep 600 & echo $!; wait"), new OutputTail(10), live);
        var orphanGrandchild = await FirstLineAsync(orphan);
        var keptGrandchild = await FirstLineAsync(kept);

        // The owner of the first registry "dies": its owner file now names an exited process.
        File.WriteAllText(Path.Combine(dead.Folder, ChildRegistry.OwnerFileName), ChildRegistry.OwnerFileContent(ProcessProbe.DeadPid(), DateTime.UtcNow));
        var reapedDead = OrphanChildReaper.Reap(dead.Root);
        var reapedLive = OrphanChildReaper.Reap(live.Root);

        reapedDead.Should().Equal(dead.Folder);
        (await ProcessGroupProbe.EventuallyAsync(() => ProcessGroupProbe.IsGone(orphan.Id) && ProcessGroupProbe.IsGone(orphanGrandchild), Limit, Token))
            .Should().BeTrue("the orphan and the grandchild it started are both stopped");
        Directory.Exists(dead.Folder).Should().BeFalse("the folder goes, with the private temp folders in it");
        reapedLive.Should().BeEmpty();
        ProcessGroupProbe.IsGone(kept.Id).Should().BeFalse("a child whose owner still runs is never touched");
        ProcessGroupProbe.IsGone(keptGrandchild).Should().BeFalse();

        await kept.StopAsync(TimeSpan.FromSeconds(5), Token);
        (await ProcessGroupProbe.EventuallyAsync(() => ProcessGroupProbe.IsGone(keptGrandchild), Limit, Token))
            .Should().BeTrue("stopping a child stops its whole group, not only the leader");
    }

    [Fact]
    public async Task Stopping_sends_SIGTERM_first_so_the_child_can_clean_up()
    {
        using var root = new ScratchRoot();
        var written = Path.Combine(root.Path, "terminated");
        using var child = ChildProcess.Start(
            Grouped("trap 'echo term > \"$0\"; exit 0' TERM; echo ready; while :; do sleep 0.1; done", written), new OutputTail(10), new ChildRegistry(root.Path));
        (await ProcessGroupProbe.EventuallyAsync(() => child.Output.Lines().Contains("ready"), Limit, Token)).Should().BeTrue();

        await child.StopAsync(TimeSpan.FromSeconds(10), Token);

        File.Exists(written).Should().BeTrue("the child got SIGTERM and ran its handler before anything killed it");
        (await File.ReadAllTextAsync(written, Token)).Trim().Should().Be("term");
        child.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task The_child_writes_temp_files_into_a_private_folder_that_goes_with_it()
    {
        using var root = new ScratchRoot();
        var name = $"clr-debug-pipe-harness-test-{Guid.NewGuid():N}";
        var child = ChildProcess.Start(Grouped($"echo \"$TMPDIR\"; touch \"$TMPDIR/{name}\""), new OutputTail(10), new ChildRegistry(root.Path));
        (await child.WaitOrKillAsync(Token)).Should().Be(0);
        var privateTemp = child.PrivateTempFolder;

        child.Output.Lines().Should().Equal(privateTemp);
        privateTemp.Should().StartWith(root.Path);
        File.Exists(Path.Combine(privateTemp!, name)).Should().BeTrue();
        child.Dispose();

        Directory.Exists(privateTemp).Should().BeFalse("disposing the child deletes its temp folder");
        File.Exists(Path.Combine(Path.GetTempPath(), name)).Should().BeFalse("nothing reached the harness's own temp folder");
        Directory.EnumerateFiles(Directory.EnumerateDirectories(root.Path, ChildRegistry.FolderPrefix + "*").Single(), "*.child")
            .Should().BeEmpty("a stopped child is no longer recorded");
    }

    private static ProcessCommand Grouped(string script, params string[] arguments) =>
        new("sh", ["-c", script, .. arguments]) { OwnProcessGroup = true };

    private static async Task<int> FirstLineAsync(ChildProcess child)
    {
        (await ProcessGroupProbe.EventuallyAsync(() => child.Output.Lines().Count > 0, Limit, Token)).Should().BeTrue("the child prints a pid");
        return int.Parse(child.Output.Lines()[0], CultureInfo.InvariantCulture);
    }
}

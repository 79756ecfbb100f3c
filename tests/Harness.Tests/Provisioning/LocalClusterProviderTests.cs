using System.Diagnostics;
using FluentAssertions;
using Harness.Provisioning;
using Npgsql;
using Xunit;

namespace Harness.Tests.Provisioning;

/// <summary>
/// These tests start their own clusters (that is what they test); each start takes about a second, so they are few.
/// Everything else uses the assembly's shared server (<see cref="Infrastructure.PostgresFixture"/>).
/// </summary>
public sealed class LocalClusterProviderTests
{
    [Fact]
    public async Task Starts_serves_queries_and_leaves_nothing_behind_after_dispose()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await new LocalClusterProvider(new LocalClusterOptions()).StartAsync(ct);
        var cluster = server.Should().BeOfType<LocalCluster>().Subject;
        try
        {
            server.ProviderName.Should().Be("local");
            server.IsHarnessOwned.Should().BeTrue();
            server.AdminConnectionString.Should().Be($"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Password={cluster.Password};Database=postgres");
            server.Description.Should().MatchRegex(@"^local cluster on 127\.0\.0\.1:\d+ \(PostgreSQL \d+\.\d+\)$")
                .And.Contain($":{cluster.Port} ");
            Path.GetFileName(cluster.ClusterDirectory).Should().StartWith("harness-pg-");
            File.ReadAllText(Path.Combine(cluster.ClusterDirectory, LocalCluster.OwnerFileName))
                .Should().Contain($"pid={Environment.ProcessId}\n");

            await using var connection = new NpgsqlConnection(server.AdminConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                "SELECT current_user, current_setting('fsync'), current_setting('max_connections'), " +
                "current_setting('server_encoding'), current_setting('listen_addresses'), 40 + 2",
                connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            (await reader.ReadAsync(ct)).Should().BeTrue();
            reader.GetString(0).Should().Be("postgres");
            reader.GetString(1).Should().Be("off");
            reader.GetString(2).Should().Be("200");
            reader.GetString(3).Should().Be("UTF8");
            reader.GetString(4).Should().Be("127.0.0.1");
            reader.GetInt32(5).Should().Be(42);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Directory.Exists(cluster.ClusterDirectory).Should().BeFalse();
        (await ProcessProbe.PortRefusesAsync(cluster.Port, ct)).Should().BeTrue("the server was stopped");
        ProcessProbe.Mentioning(cluster.DataDirectory).Should().BeEmpty("no postgres may outlive the cluster");
        await server.DisposeAsync(); // A second dispose is harmless.
    }

    [Fact]
    public async Task A_bin_directory_without_PostgreSQL_fails_with_advice_and_leaves_no_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        using var root = new ScratchRoot();
        var emptyBin = Directory.CreateDirectory(Path.Combine(root.Path, "bin")).FullName;
        var provider = new LocalClusterProvider(new LocalClusterOptions { BinDirectory = emptyBin, TempRoot = root.Path });

        var failure = await provider.Invoking(p => p.StartAsync(ct)).Should().ThrowAsync<ProvisioningException>();

        failure.Which.Message.Should().Contain(emptyBin).And.Contain("initdb").And.Contain("apt-get install postgresql-15");
        root.ClusterFolders().Should().BeEmpty();
    }

    [Fact]
    public async Task An_invalid_server_setting_fails_with_the_server_log_and_cleans_up()
    {
        var ct = TestContext.Current.CancellationToken;
        using var root = new ScratchRoot();
        var provider = new LocalClusterProvider(new LocalClusterOptions
        {
            TempRoot = root.Path,
            ServerSettings = new Dictionary<string, string> { ["no_such_setting"] = "1" },
        });

        var failure = await provider.Invoking(p => p.StartAsync(ct)).Should().ThrowAsync<ProvisioningException>();

        failure.Which.Message.Should().Contain("PostgreSQL did not start").And.Contain("server log");
        failure.Which.Log.Should().Contain("no_such_setting");
        root.ClusterFolders().Should().BeEmpty();
        ProcessProbe.Mentioning(root.Path).Should().BeEmpty();
    }

    [Theory]
    [InlineData(LocalClusterStages.InitdbDone)]
    [InlineData(LocalClusterStages.ServerStarted)]
    public async Task A_start_cancelled_midway_throws_and_leaves_nothing(string stage)
    {
        using var root = new ScratchRoot();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var stages = new List<string>();
        var serverWasRunning = false;
        var provider = new LocalClusterProvider(new LocalClusterOptions
        {
            TempRoot = root.Path,
            OnStage = s =>
            {
                stages.Add(s);
                if (s == stage)
                {
                    var data = LocalCluster.DataDirectoryOf(root.ClusterFolders().Single());
                    serverWasRunning = File.Exists(Path.Combine(data, "postmaster.pid"));
                    cancellation.Cancel();
                }
            },
        });

        await provider.Invoking(p => p.StartAsync(cancellation.Token)).Should().ThrowAsync<OperationCanceledException>();

        stages.Should().Contain(stage).And.NotContain(LocalClusterStages.Ready);
        serverWasRunning.Should().Be(stage == LocalClusterStages.ServerStarted);
        root.ClusterFolders().Should().BeEmpty();
        ProcessProbe.Mentioning(root.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task The_reaper_removes_folders_of_dead_owners_and_stops_their_servers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var root = new ScratchRoot();
        var deadPid = ProcessProbe.DeadPid();

        // A folder from a dead harness, no server running.
        var deadFolder = Directory.CreateDirectory(Path.Combine(root.Path, "harness-pg-dead00000001")).FullName;
        File.WriteAllText(Path.Combine(deadFolder, LocalCluster.OwnerFileName), LocalClusterProvider.OwnerFileContent(deadPid, DateTime.UtcNow));
        Directory.CreateDirectory(Path.Combine(deadFolder, "data"));

        // A folder whose owner (this process) lives, and one still being created (no owner file yet): both stay.
        var liveFolder = Directory.CreateDirectory(Path.Combine(root.Path, "harness-pg-live00000001")).FullName;
        using (var self = Process.GetCurrentProcess())
        {
            File.WriteAllText(
                Path.Combine(liveFolder, LocalCluster.OwnerFileName),
                LocalClusterProvider.OwnerFileContent(Environment.ProcessId, self.StartTime.ToUniversalTime()));
        }

        var freshFolder = Directory.CreateDirectory(Path.Combine(root.Path, "harness-pg-fresh0000001")).FullName;

        // One whose owner file is being written (created, nothing in it yet) by another process starting a cluster: stays.
        var writingFolder = Directory.CreateDirectory(Path.Combine(root.Path, "harness-pg-writing000001")).FullName;
        File.WriteAllText(Path.Combine(writingFolder, LocalCluster.OwnerFileName), "");

        // A real running cluster whose owner is made to look dead.
        var orphan = await new LocalClusterProvider(new LocalClusterOptions { TempRoot = root.Path, ReapOrphans = false }).StartClusterAsync(ct);
        await using (orphan)
        {
            File.WriteAllText(Path.Combine(orphan.ClusterDirectory, LocalCluster.OwnerFileName), LocalClusterProvider.OwnerFileContent(deadPid, DateTime.UtcNow));

            var reaped = await new LocalClusterProvider(new LocalClusterOptions { TempRoot = root.Path }).ReapOrphansAsync(ct);

            reaped.Should().BeEquivalentTo([deadFolder, orphan.ClusterDirectory]);
            root.ClusterFolders().Should().BeEquivalentTo([liveFolder, freshFolder, writingFolder]);
            (await ProcessProbe.PortRefusesAsync(orphan.Port, ct)).Should().BeTrue("the orphan's server was stopped");
            ProcessProbe.Mentioning(orphan.DataDirectory).Should().BeEmpty();
        }
    }
}

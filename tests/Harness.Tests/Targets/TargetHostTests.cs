using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Harness.Targets;
using Harness.Targets.Hosting;
using Harness.Tests.Idor;

namespace Harness.Tests.Targets;

/// <summary>Starting and stopping HTTP targets: a target that dies or never gets ready fails fast with its last output, and is killed.</summary>
public sealed class TargetHostTests(Harness.Tests.Infrastructure.PostgresFixture postgres)
{
    private static readonly TargetDatabase Database = new("w0", "Host=127.0.0.1;Username=app;Password=pw;Database=db", "Host=127.0.0.1;Username=postgres;Database=db");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_target_that_exits_at_once_fails_with_its_exit_code_and_last_output_lines()
    {
        var host = new CommandTargetHost(new CommandTargetOptions
        {
            Command = ["sh", "-c", "echo starting on {port} with schema {schema} and $APP_URL; echo 'cannot connect to the database' >&2; exit 7"],
            Environment = new Dictionary<string, string> { ["APP_URL"] = "{appDatabaseUrl}" },
            ReadinessTimeout = TimeSpan.FromSeconds(30),
        });
        var stopwatch = Stopwatch.StartNew();

        var error = await FluentActions.Awaiting(() => host.StartAsync(Database, Token)).Should().ThrowAsync<TargetStartException>();

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "an exit is noticed at once, not at the readiness timeout");
        error.Which.Message.Should().Contain("exited with code 7 before it was ready").And.Contain("its last output:");
        error.Which.Output.Should().Contain("starting on ").And.Contain("with schema w0 and postgresql://app:pw@127.0.0.1:5432/db?options=").And.Contain("cannot connect to the database");
    }

    [Fact]
    public async Task A_target_that_never_gets_ready_fails_within_the_readiness_timeout_and_is_killed()
    {
        var pidFile = Path.Combine(Directory.CreateTempSubdirectory("harness-target-").FullName, "pid");
        var host = new CommandTargetHost(new CommandTargetOptions
        {
            Command = ["sh", "-c", $"echo $$ > '{pidFile}'; echo 'waiting for something that never comes'; exec sleep 120"],
            ReadinessTimeout = TimeSpan.FromSeconds(1),
        });
        var stopwatch = Stopwatch.StartNew();

        var error = await FluentActions.Awaiting(() => host.StartAsync(Database, Token)).Should().ThrowAsync<TargetStartException>();

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        error.Which.Message.Should().Contain("did not answer GET /health").And.Contain("within 1 s").And.Contain("target.readiness.timeoutSeconds");
        error.Which.Output.Should().Contain("waiting for something that never comes");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile, Token)).Trim(), CultureInfo.InvariantCulture);
        HttpTargets.IsRunning(pid).Should().BeFalse("the process tree is killed when the target fails to start");
    }

    [Fact]
    public async Task A_command_that_cannot_start_says_so()
    {
        var host = new CommandTargetHost(new CommandTargetOptions { Command = ["/no/such/program-for-harness"] });

        var error = await FluentActions.Awaiting(() => host.StartAsync(Database, Token)).Should().ThrowAsync<TargetStartException>();

        error.Which.Message.Should().Contain("could not start").And.Contain("check target.command");
    }

    [Fact]
    public async Task A_dotnet_target_keeps_its_diagnostic_files_in_a_private_temp_folder_that_goes_with_it()
    {
        var sample = await IdorSample.CreateAsync(postgres, tenants: 2, cancellationToken: Token);
        var running = await HttpTargets.Sample().StartAsync(sample.Database, Token);
        var pid = int.Parse(running.Description.Split(' ')[1], CultureInfo.InvariantCulture);
        var privateTemp = EnvironmentOf(pid)["TMPDIR"];
        privateTemp.Should().StartWith(Harness.Processes.ChildRegistry.Default.Folder);
        Directory.EnumerateFileSystemEntries(privateTemp).Select(Path.GetFileName)
            .Should().Contain(name => name!.StartsWith($"dotnet-diagnostic-{pid}-", StringComparison.Ordinal), "the runtime's diagnostic socket is in the private folder");

        await running.DisposeAsync();

        HttpTargets.IsRunning(pid).Should().BeFalse();
        Directory.Exists(privateTemp).Should().BeFalse("stopping the target removes its temp folder");
        Directory.EnumerateFileSystemEntries(Path.GetTempPath(), $"*-{pid}-*").Select(Path.GetFileName)
            .Should().NotContain(name => name!.StartsWith("clr-debug-pipe-", StringComparison.Ordinal) || name.StartsWith("dotnet-diagnostic-", StringComparison.Ordinal),
                "nothing of the target's is left in the harness's temp folder");
    }

    [Fact]
    public async Task A_ready_target_is_stopped_with_its_process_tree()
    {
        var sample = await IdorSample.CreateAsync(postgres, tenants: 2, cancellationToken: Token);

        var running = await HttpTargets.Sample().StartAsync(sample.Database, Token);
        var pid = int.Parse(running.Description.Split(' ')[1], CultureInfo.InvariantCulture);
        HttpTargets.IsRunning(pid).Should().BeTrue();
        running.BaseAddress.Host.Should().Be("127.0.0.1");
        (await running.Client.GetAsync(new Uri(running.BaseAddress, "health"), Token)).IsSuccessStatusCode.Should().BeTrue();
        await running.DisposeAsync();

        HttpTargets.IsRunning(pid).Should().BeFalse();
    }

    [Fact]
    public void The_database_placeholders_are_libpq_uris_with_the_search_path()
    {
        Database.AppDatabaseUrl.Should().Be("postgresql://app:pw@127.0.0.1:5432/db?options=-c%20search_path%3Dw0");
        Database.AdminDatabaseUrl.Should().Be("postgresql://postgres@127.0.0.1:5432/db?options=-c%20search_path%3Dw0");
        TargetPlaceholders.Fill("{schema} {port} {unknown} {\"json\": 1}", new Dictionary<string, string> { ["schema"] = "w0", ["port"] = "5" })
            .Should().Be("w0 5 {unknown} {\"json\": 1}");
    }

    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
}

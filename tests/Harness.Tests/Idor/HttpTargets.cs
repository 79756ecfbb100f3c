using Harness.Runner;
using System.Diagnostics;
using Harness.Manifest;
using Harness.Targets.Hosting;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Idor;

/// <summary>
/// The bundled targets as real processes on loopback ports the harness picks: the sample's built dll (of the configuration
/// these tests were built in) and the Node service (its packages installed once per test run with <c>npm ci</c>).
/// </summary>
public static class HttpTargets
{
    private static readonly SemaphoreSlim NpmLock = new(1, 1);
    private static bool npmInstalled;

    public static string NodeTarget => Path.Combine(RepositoryPaths.Root, "fixtures", "node-target");

    /// <summary>fixtures/SampleTarget/bin/&lt;Release|Debug&gt;/net10.0/SampleTarget.dll, as built with these tests.</summary>
    public static string SampleDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(RepositoryPaths.SampleTarget, "bin", configuration, "net10.0", "SampleTarget.dll");
        }
    }

    /// <summary>The sample app as a process: <c>dotnet SampleTarget.dll --urls http://127.0.0.1:{port}</c>, with the planted flaw when given.</summary>
    /// <param name="rateLimits">Switch the app's rate limits on (its manifest does; off, the IDOR probes are not slowed by them).</param>
    public static CommandTargetHost Sample(string? flaw = null, TimeSpan? readiness = null, bool rateLimits = false) => new(new CommandTargetOptions
    {
        Command = ["dotnet", SampleDll, "--urls", "http://127.0.0.1:{port}"],
        WorkingDirectory = RepositoryPaths.SampleTarget,
        Environment = Environment(flaw, new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = "{appConnectionString}",
            ["ConnectionStrings__Owner"] = "{adminConnectionString}",
            ["RateLimits__Enabled"] = rateLimits ? "true" : "false",
        }),
        ReadinessTimeout = readiness ?? TimeSpan.FromSeconds(60),
    });

    /// <summary>The Node service with the environment its README names.</summary>
    /// <param name="rateLimits">Switch the service's rate limits on (its manifest does).</param>
    public static CommandTargetHost Node(string? flaw = null, bool rateLimits = false) => new(new CommandTargetOptions
    {
        Command = ["node", "server.js"],
        WorkingDirectory = NodeTarget,
        Environment = Environment(flaw, new Dictionary<string, string>
        {
            ["RATE_LIMITS"] = rateLimits ? "on" : "off",
            ["PORT"] = "{port}",
            ["DATABASE_URL"] = "{appDatabaseUrl}",
            ["HARNESS_SCHEMA"] = "{schema}",
            ["HARNESS_ADMIN_DATABASE_URL"] = "{adminDatabaseUrl}",
        }),
        ReadinessTimeout = TimeSpan.FromSeconds(30),
    });

    public static Task<HarnessManifest> NodeManifestAsync(CancellationToken cancellationToken) =>
        ScenarioRegistry.Default.LoadManifestAsync(Path.Combine(NodeTarget, "harness.yaml"), cancellationToken);

    /// <summary>Skips the test (saying why) when node or npm is missing; runs <c>npm ci</c> once when node_modules is missing.</summary>
    public static async Task EnsureNodeAsync(CancellationToken cancellationToken)
    {
        foreach (var tool in new[] { "node", "npm" })
        {
            if (!OnPath(tool))
            {
                Assert.Skip($"{tool} is not installed (not on PATH); the Node target's tests need Node.js 20 or later and npm");
            }
        }

        await NpmLock.WaitAsync(cancellationToken);
        try
        {
            if (npmInstalled || Directory.Exists(Path.Combine(NodeTarget, "node_modules", "express")))
            {
                npmInstalled = true;
                return;
            }

            var result = await CliProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], NodeTarget, null, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {NodeTarget} failed: {result}");
            }

            npmInstalled = true;
        }
        finally
        {
            NpmLock.Release();
        }
    }

    private static Dictionary<string, string> Environment(string? flaw, Dictionary<string, string> environment)
    {
        // The test process's own SAMPLE_FLAW (if a developer set one) must not leak into a clean target.
        environment["SAMPLE_FLAW"] = flaw ?? "";
        return environment;
    }

    private static bool OnPath(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)) || File.Exists(Path.Combine(dir, tool + ".exe")) || File.Exists(Path.Combine(dir, tool + ".cmd")));

    /// <summary>Whether a process with this id still runs.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

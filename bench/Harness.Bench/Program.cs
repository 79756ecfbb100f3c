using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Harness.Bench;
using Harness.Bench.Load;
using Harness.Bench.Snapshot;
using Harness.Probing;

// Harness.Bench load ...: the load engine's benchmark; load-server: the endpoint it drives (bench/README.md).
if (args.Length > 0 && args[0] == "load-server")
{
    return await LoadServer.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "load")
{
    return await LoadBenchmarkCommand.RunAsync(args[1..]);
}

// Harness.Bench snapshot ...: one migration step's snapshot and diff against psql running the same digests (bench/README.md).
if (args.Length > 0 && args[0] == "snapshot")
{
    return await SnapshotBenchmarkCommand.RunAsync(args[1..]);
}

// Harness.Bench verify-restore ...: RestoreVerifier's read of a restored database against psql running the same per-tenant hashes (bench/README.md).
if (args.Length > 0 && args[0] == "verify-restore")
{
    return await Harness.Bench.Restore.VerifyRestoreBenchmarkCommand.RunAsync(args[1..]);
}

// Harness.Bench proxy ...: the fault proxy's overhead, pgbench -S direct against through the proxy (bench/README.md).
if (args.Length > 0 && args[0] == "proxy")
{
    return await Harness.Bench.Proxy.ProxyBenchmarkCommand.RunAsync(args[1..]);
}

// Harness.Bench idor [--tenants 50] [--seed 42] [--postgres auto] [--wrk-seconds 10] [--warm-up-seconds 30] [--wrk-connections 8] [--wrk-threads 2]
//                    [--manifest fixtures/SampleTarget/harness.yaml] [--only in-process|http|reads] [--all-pairs] [--no-reads] [--manifest-command] [--timeout-minutes 15]
// Exit: 0 measured (targets met or not, see the summary), 2 could not run.
if (args.Length == 0 || args[0] != "idor" || args.Contains("--help") || args.Contains("-h"))
{
    Console.Error.WriteLine(LoadBenchmarkCommand.Usage);
    Console.Error.WriteLine(SnapshotBenchmarkCommand.Usage);
    Console.Error.WriteLine(Harness.Bench.Restore.VerifyRestoreBenchmarkCommand.Usage);
    Console.Error.WriteLine(Harness.Bench.Proxy.ProxyBenchmarkCommand.Usage);
    Console.Error.WriteLine("usage: Harness.Bench idor [--tenants 50] [--seed 42] [--postgres auto|local|testcontainers|<conn>] [--wrk-seconds 10] [--warm-up-seconds 30] "
        + "[--wrk-connections 8] [--wrk-threads 2] [--manifest fixtures/SampleTarget/harness.yaml] [--only in-process|http|reads] [--all-pairs] [--no-reads] [--manifest-command] [--timeout-minutes 15]");
    return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
}

string? Value(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

var root = RepositoryRoot();
var only = Value("--only");
var settings = new BenchSettings
{
    ManifestPath = Path.GetFullPath(Value("--manifest") ?? Path.Combine(root, "fixtures", "SampleTarget", "harness.yaml")),
    Tenants = Int("--tenants", 50),
    Seed = Int("--seed", 42),
    Postgres = Value("--postgres") ?? Environment.GetEnvironmentVariable("HARNESS_POSTGRES") ?? "auto",
    WrkSeconds = Int("--wrk-seconds", 10),
    WarmUpSeconds = Int("--warm-up-seconds", 30),
    WrkConnections = Int("--wrk-connections", 8),
    WrkThreads = Int("--wrk-threads", 2),
    InProcess = only is null or "in-process",
    Http = only is null or "http",
    Reads = !args.Contains("--no-reads") && (only is null or "http" or "reads"),
    ManifestCommand = args.Contains("--manifest-command"),
    AllPairs = args.Contains("--all-pairs"),
};

// WebApplicationFactory finds the sample's content root through MvcTestingAppManifest.json in the *current* directory
// (the build output), as under a test runner; all paths above are absolute already.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);

// A developer's SAMPLE_FLAW must not reach the app (in-process configuration or the child process): the benchmark runs the clean sample.
Environment.SetEnvironmentVariable("SAMPLE_FLAW", null);

using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(Int("--timeout-minutes", 15)));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var clock = Stopwatch.StartNew();
var progress = new Progress(clock);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine(settings.ManifestCommand
    ? $"http target: the manifest's command, which picks the newest of bin/Release and bin/Debug: {SampleDll(Path.GetDirectoryName(settings.ManifestPath)!)}"
    : $"http target: dotnet bin/{IdorBenchmark.BuildConfiguration}/net10.0/SampleTarget.dll with the manifest's environment, url and readiness (--manifest-command for the manifest's own command)");
Console.WriteLine($"benchmark build: {IdorBenchmark.BuildConfiguration}");
var pairs = PairPlan.For(settings.Tenants, settings.Seed, settings.AllPairs).Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"pairs: {PairPlan.Describe(settings.Tenants, pairs)} (all ordered pairs: {settings.Tenants * (settings.Tenants - 1)}; --all-pairs probes every one)"));

var bench = new IdorBenchmark(settings, progress);
try
{
    await bench.RunAsync(cancellation.Token);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"error: {(cancellation.IsCancellationRequested ? "timed out or cancelled: " : "")}{e.Message}");
    Console.Error.WriteLine(e);
    return 2;
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"IDOR family, {settings.Tenants} tenants, {pairs} pairs, seed {settings.Seed}"));
if (bench is { Reads: { } reads, WrkReads: { } replay })
{
    var readRatio = reads.ProbesPerSecond / replay.RequestsPerSecond;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"like for like: GET /sites/{{siteId}} read probes, every ordered pair, {bench.ReadsConcurrency} in flight"));
    Console.WriteLine(bench.WarmUp.Count == 0
        ? "  warm-up   none (--warm-up-seconds 0): the harness meets a cold app, wrk a warm one"
        : string.Create(CultureInfo.InvariantCulture,
            $"  warm-up   the app, before both: wrk replay in {IdorBenchmark.WarmUpRoundSeconds} s rounds, {string.Join(" -> ", bench.WarmUp.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} requests/s (not measured)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  harness   {reads.Idor.Probes,6} probes in {reads.Idor.Duration.TotalSeconds,6:0.00} s = {reads.ProbesPerSecond,7:0.0} probes/s; {reads.Idor.Findings.Count()} findings"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  wrk       {replay.Requests,6} requests in {settings.WrkSeconds} s = {replay.RequestsPerSecond,7:0.0} requests/s (-c{bench.ReadsConcurrency}; {replay.NonSuccess} non-2xx, expected: all 404; {replay.SocketErrors} socket errors) replaying {bench.WrkReadsTarget}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  ratio     harness probes/s / wrk requests/s = {readRatio:0.000} -> {(readRatio >= settings.RatioTarget ? "meets" : "MISSES")} the {settings.RatioTarget:0.0} target"));
    PrintCpu("  cpu      ", reads);
    Console.WriteLine();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole IDOR family ({(settings.AllPairs ? "all ordered pairs" : "sampled pairs")}):"));
foreach (var run in new[] { bench.InProcess, bench.Http }.OfType<RunMeasure>())
{
    var findings = run.Idor.Findings.Count();
    var held = run.Excluded > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $" (excluding {run.Excluded.TotalSeconds:0.00} s holding the app for wrk)") : "";
    var verdict = run.RunWall.TotalSeconds <= settings.WallTargetSeconds ? "meets" : "MISSES";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{run.Mode,-11} {run.Idor.Probes,6} probes in {run.Idor.Duration.TotalSeconds,6:0.00} s = {run.ProbesPerSecond,7:0.0} probes/s; {run.Idor.Checks.Count} checks, {findings} findings; run wall {run.RunWall.TotalSeconds:0.00} s{held} -> {verdict} the {settings.WallTargetSeconds:0} s target"));
    PrintCpu("  cpu      ", run);
}

if (bench.Wrk is { } wrk)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"wrk         {wrk.Requests,6} requests in {settings.WrkSeconds} s = {wrk.RequestsPerSecond,7:0.0} requests/s (-t{settings.WrkThreads} -c{settings.WrkConnections}; {wrk.NonSuccess} non-2xx, {wrk.SocketErrors} socket errors) on {bench.WrkTarget}"));
    if (bench.Http is { } http)
    {
        var ratio = http.ProbesPerSecond / wrk.RequestsPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio       whole-family HTTP probes/s / wrk requests/s = {ratio:0.000} (mixed probes against one cheap GET; the like-for-like ratio is above)"));
    }

    Console.WriteLine();
    Console.WriteLine("wrk output:");
    Console.WriteLine(wrk.Output);
}
else if (settings.Http)
{
    Console.WriteLine($"wrk         not measured: {bench.WrkSkipped ?? "unknown"}");
}

return 0;

// CPU seconds of each process while the probes ran, and what the app and PostgreSQL alone would take on every core.
static void PrintCpu(string label, RunMeasure run)
{
    if (run.Cpu is not { } cpu)
    {
        return;
    }

    var cores = Environment.ProcessorCount;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label} while probing: harness {cpu.Harness.TotalSeconds:0.0} s, app {(run.Mode == "in-process" ? "(inside the harness)" : $"{cpu.App.TotalSeconds:0.0} s")}, postgres {cpu.Postgres.TotalSeconds:0.0} s of CPU; "
        + $"per request: harness {1000 * cpu.Harness.TotalSeconds / run.Idor.Probes:0.000} ms, app {1000 * cpu.App.TotalSeconds / run.Idor.Probes:0.000} ms, postgres {1000 * cpu.Postgres.TotalSeconds / run.Idor.Probes:0.000} ms; "
        + $"app + postgres alone on {cores} cores: >= {cpu.FloorWithoutHarness(cores).TotalSeconds:0.0} s"));
}

static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
            {
                return dir.FullName;
            }
        }
    }

    return Directory.GetCurrentDirectory();
}

static string CpuModel()
{
    try
    {
        return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "cpu unknown";
    }
    catch (IOException)
    {
        return "cpu unknown";
    }
}

static string SampleDll(string sample)
{
    var candidates = new[] { "Release", "Debug" }
        .Select(c => new FileInfo(Path.Combine(sample, "bin", c, "net10.0", "SampleTarget.dll")))
        .Where(f => f.Exists)
        .OrderByDescending(f => f.LastWriteTimeUtc)
        .ToList();
    return candidates.Count == 0 ? "none built" : Path.GetRelativePath(sample, candidates[0].FullName);
}

/// <summary>Progress lines with the seconds since the benchmark started.</summary>
internal sealed class Progress(Stopwatch clock) : IProgress<string>
{
    public void Report(string value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:0.00}s] {value}"));
}

extern alias SampleApp;

using System.Diagnostics;
using System.Globalization;
using Harness.Manifest;
using Harness.Provisioning;
using Harness.Runner;
using Harness.Running;
using Harness.Scenarios.Idor;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Hosting;
using Harness.Testcontainers;
using Npgsql;

namespace Harness.Bench;

/// <summary>Settings of <c>Harness.Bench idor</c>.</summary>
internal sealed record BenchSettings
{
    public required string ManifestPath { get; init; }

    public int Tenants { get; init; } = 50;

    public int Seed { get; init; } = 42;

    public string Postgres { get; init; } = "auto";

    public int WrkThreads { get; init; } = 2;

    public int WrkConnections { get; init; } = 8;

    public int WrkSeconds { get; init; } = 10;

    /// <summary>At most this many seconds of unmeasured wrk replay warm the app up before the like-for-like harness run (0: none).</summary>
    public int WarmUpSeconds { get; init; } = 30;

    public bool InProcess { get; init; } = true;

    public bool Http { get; init; } = true;

    /// <summary>Start the sample with the manifest's own target command (newest of bin/Release and bin/Debug) instead of this build's dll.</summary>
    public bool ManifestCommand { get; init; }

    /// <summary>Probe every ordered pair in the in-process and HTTP runs (<c>idor.allPairs</c>), not the sampled plan.</summary>
    public bool AllPairs { get; init; }

    /// <summary>The like-for-like run: only <c>GET /sites/{siteId}</c>, all pairs, then wrk replaying the same requests at the same concurrency.</summary>
    public bool Reads { get; init; } = true;

    public double WallTargetSeconds { get; init; } = 20;

    public double RatioTarget { get; init; } = 0.6;
}

/// <summary>One pipeline run of the IDOR family: its wall time, and the IDOR scenario's own duration, probes, checks and findings.</summary>
internal sealed record RunMeasure(string Mode, TimeSpan Wall, TimeSpan Excluded, ScenarioResult Idor, string Postgres)
{
    /// <summary>CPU time of the harness, the app (zero in-process: it is inside the harness) and PostgreSQL while the probes ran.</summary>
    public CpuUse? Cpu { get; init; }

    /// <summary>The run's wall time without the time the target was held open for wrk (zero in-process).</summary>
    public TimeSpan RunWall => Wall - Excluded;

    public double ProbesPerSecond => Idor.Probes / Idor.Duration.TotalSeconds;
}

/// <summary>The whole benchmark: an in-process run, an HTTP run, and wrk against the HTTP run's app before it stops.</summary>
internal sealed class IdorBenchmark(BenchSettings settings, IProgress<string> progress)
{
    public RunMeasure? InProcess { get; private set; }

    public RunMeasure? Http { get; private set; }

    public WrkResult? Wrk { get; private set; }

    public string? WrkTarget { get; private set; }

    public string? WrkSkipped { get; private set; }

    /// <summary>The read probes of GET /sites/{siteId} alone, every ordered pair, over HTTP.</summary>
    public RunMeasure? Reads { get; private set; }

    /// <summary>wrk replaying exactly those requests at the harness's concurrency.</summary>
    public WrkResult? WrkReads { get; private set; }

    public string? WrkReadsTarget { get; private set; }

    public int ReadsConcurrency { get; private set; }

    /// <summary>How many distinct read requests wrk's script cycles through.</summary>
    public int ReplayedReads { get; private set; }

    /// <summary>The victim's sites each attacker asks for in the like-for-like run (the sample seeds 5 per tenant).</summary>
    public const int ReadIdsPerPair = 5;

    /// <summary>Length of one wrk warm-up round before the like-for-like run.</summary>
    public const int WarmUpRoundSeconds = 5;

    /// <summary>The warm-up rounds' requests/s (empty when warm-up is off).</summary>
    public IReadOnlyList<double> WarmUp { get; private set; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var variant = settings.AllPairs ? ManifestVariant.Write(settings.ManifestPath, allPairs: true, onlyRoute: null) : null;
        var manifestPath = variant?.Path ?? settings.ManifestPath;
        if (settings.Reads)
        {
            await MeasureReadsAsync(cancellationToken);
        }

        if (settings.InProcess)
        {
            var host = new Harness.AspNetCore.WebApplicationTarget<SampleApp::Program>();
            InProcess = await MeasureAsync("in-process", manifestPath, host, () => TimeSpan.Zero, cancellationToken);
        }

        if (settings.Http)
        {
            (Http, var failure) = await MeasureHttpAsync("http", manifestPath, RunWrkAsync, cancellationToken);
            if (failure is not null)
            {
                WrkSkipped ??= "wrk failed: " + failure.Message;
            }
        }
    }

    /// <summary>
    /// A run with the app as a process (the manifest's target, pinned to this build unless --manifest-command), held open after
    /// the probes for <paramref name="beforeStop"/> (wrk) against the same app and schema; that time is not counted. Returns what
    /// <paramref name="beforeStop"/> threw, if anything.
    /// </summary>
    private async Task<(RunMeasure Measure, Exception? Failure)> MeasureHttpAsync(
        string mode,
        string manifestPath,
        Func<TargetDatabase, IRunningTarget, ICredentialStrategy, CancellationToken, Task> beforeStop,
        CancellationToken cancellationToken,
        Func<TargetDatabase, IRunningTarget, ICredentialStrategy, CancellationToken, Task>? afterStart = null)
    {
        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(manifestPath, cancellationToken);
        var inner = (settings.ManifestCommand ? TargetSetup.HostFor(manifest) : PinnedSampleHost(manifest))
            ?? throw new InvalidOperationException($"{settings.ManifestPath} has no 'target' section");
        var credentials = await TargetSetup.CredentialsForAsync(manifest, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException($"{settings.ManifestPath} has no 'credentials' section");
        var holding = new HoldingTargetHost(
            inner,
            (database, running, token) => beforeStop(database, running, credentials, token),
            cancellationToken,
            afterStart is null ? null : (database, running, token) => afterStart(database, running, credentials, token));
        var measure = await MeasureAsync(mode, manifestPath, holding, () => holding.HoldTime, cancellationToken);
        return (measure, holding.Failure);
    }

    /// <summary>
    /// The manifest's target section with its command pinned to this build's configuration (<c>dotnet bin/&lt;Release|Debug&gt;/net10.0/SampleTarget.dll
    /// --urls http://127.0.0.1:{port}</c>): the manifest's own command takes whichever of Release and Debug was built last, and a
    /// benchmark must not measure a Debug build by accident. Same environment, URL and readiness check as the manifest.
    /// </summary>
    private static CommandTargetHost? PinnedSampleHost(HarnessManifest manifest)
    {
        if (manifest.Target is not { } target)
        {
            return null;
        }

        var folder = target.WorkingDirectory ?? Path.GetDirectoryName(manifest.SourcePath)!;
        var dll = Path.Combine(folder, "bin", BuildConfiguration, "net10.0", "SampleTarget.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is not built: dotnet build -c {BuildConfiguration} {Path.Combine(folder, "SampleTarget.csproj")}");
        }

        return new CommandTargetHost(new CommandTargetOptions
        {
            Command = ["dotnet", dll, "--urls", "http://127.0.0.1:{port}"],
            WorkingDirectory = folder,
            Environment = target.Environment,
            Url = target.Url,
            ReadinessPath = target.ReadinessPath,
            ReadinessTimeout = target.ReadinessTimeout,
        });
    }

    /// <summary>Release or Debug: the configuration this benchmark was built in (and so the sample with it).</summary>
    public static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>
    /// Like with like: the harness's read probes of one endpoint (GET /sites/{siteId}, every ordered pair, the manifest's
    /// concurrency) and then, against the same app and schema, wrk replaying the same requests with the same number of
    /// connections. Both get 404s (the clean app refuses another tenant's site).
    /// </summary>
    private async Task MeasureReadsAsync(CancellationToken cancellationToken)
    {
        // Every seeded site of the victim (5 ids per pair), so the run lasts long enough that the app's start-up and JIT do not dominate it.
        using var variant = ManifestVariant.Write(settings.ManifestPath, allPairs: true, onlyRoute: "GET /sites/{siteId}", idsPerPair: ReadIdsPerPair);
        ReadsConcurrency = (await ScenarioRegistry.Default.LoadManifestAsync(variant.Path, cancellationToken)).Idor.Concurrency;
        var threads = Math.Min(settings.WrkThreads, ReadsConcurrency);
        string? script = null;
        try
        {
            (Reads, var failure) = await MeasureHttpAsync(
                "reads",
                variant.Path,
                async (database, running, credentials, token) =>
                {
                    progress.Report(string.Create(CultureInfo.InvariantCulture, $"reads: wrk -t{threads} -c{ReadsConcurrency} -d{settings.WrkSeconds}s replaying {ReplayedReads} read probes"));
                    WrkReads = await Harness.Bench.Wrk.RunAsync(running.BaseAddress, null, threads, ReadsConcurrency, settings.WrkSeconds, token, script);
                },
                cancellationToken,
                afterStart: async (database, running, credentials, token) =>
                {
                    (script, ReplayedReads, WrkReadsTarget) = await ReadReplay.WriteAsync(database, running, credentials, ReadIdsPerPair, token);
                    WarmUp = await WarmUpAsync(running.BaseAddress, threads, script, token);
                });
            if (failure is not null)
            {
                throw new InvalidOperationException("wrk (reads replay) failed: " + failure.Message, failure);
            }
        }
        finally
        {
            if (script is not null)
            {
                File.Delete(script);
            }
        }
    }

    /// <summary>
    /// Brings the app to the state wrk's measured replay finds it in, so the harness is not charged for the app's warm-up
    /// (tiered JIT recompiles the hot paths in the background for many seconds on a saturated 2-core machine, measured: the app
    /// spent 2.6 times the CPU per request during a harness run that followed 5 s of warm-up, and 1.1 times after 15 s). wrk replays
    /// the read probes in rounds of <see cref="WarmUpRoundSeconds"/> until a round's rate is within 3 % of the one before, or the
    /// budget (<c>--warm-up-seconds</c>) is spent. Returns each round's requests/s.
    /// </summary>
    private async Task<IReadOnlyList<double>> WarmUpAsync(Uri baseAddress, int threads, string script, CancellationToken cancellationToken)
    {
        var rates = new List<double>();
        for (var spent = 0; spent + WarmUpRoundSeconds <= settings.WarmUpSeconds; spent += WarmUpRoundSeconds)
        {
            var round = await Harness.Bench.Wrk.RunAsync(baseAddress, null, threads, ReadsConcurrency, WarmUpRoundSeconds, cancellationToken, script);
            rates.Add(round.RequestsPerSecond);
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"reads: warming the app up (not measured): wrk round {rates.Count}, {round.RequestsPerSecond:0} requests/s"));
            if (rates.Count >= 2 && round.RequestsPerSecond < rates[^2] * 1.03)
            {
                break;
            }
        }

        return rates;
    }

    private async Task<RunMeasure> MeasureAsync(string mode, string manifestPath, ITargetHost host, Func<TimeSpan> excluded, CancellationToken cancellationToken)
    {
        var reports = Directory.CreateTempSubdirectory("harness-bench-reports-");
        try
        {
            var resolution = await new PostgresProviderResolver(() => new TestcontainersProvider()).ResolveAsync(settings.Postgres, cancellationToken);
            progress.Report($"{mode}: postgres: {resolution.Explanation}");
            var options = new RunOptions
            {
                ManifestPath = manifestPath,
                Postgres = settings.Postgres,
                Tenants = settings.Tenants,
                Seed = settings.Seed,
                Scenarios = [IdorScenario.ScenarioId],
                ReportsRoot = reports.FullName,
                TargetHost = host,
            };
            var metered = new MeteredProgress(mode, progress);
            var stopwatch = Stopwatch.StartNew();
            var (report, _) = await new RunPipeline(options, metered).RunAsync(resolution.Provider, cancellationToken);
            var wall = stopwatch.Elapsed;
            var idor = report.Scenarios.Single(s => s.ScenarioId == IdorScenario.ScenarioId);
            return new RunMeasure(mode, wall, excluded(), idor, report.Postgres) { Cpu = metered.Cpu };
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }

    /// <summary>wrk on GET /sites/{id} as a seeded user of the site's tenant, against the HTTP run's app and schema, before it stops.</summary>
    private async Task RunWrkAsync(TargetDatabase database, IRunningTarget running, ICredentialStrategy credentials, CancellationToken cancellationToken)
    {
        if (!Harness.Bench.Wrk.Installed())
        {
            WrkSkipped = "wrk is not installed (apt-get install -y wrk; scripts/bench-idor.sh does it as root)";
            progress.Report("http: " + WrkSkipped);
            return;
        }

        string tenantId, userId, siteId;
        await using (var connection = new NpgsqlConnection(database.AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT u.company_id::text, u.id::text, s.id::text FROM users u JOIN sites s ON s.company_id = u.company_id ORDER BY u.company_id, u.id, s.id LIMIT 1",
                connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("no seeded user with a site to aim wrk at");
            }

            (tenantId, userId, siteId) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        }

        var credential = await credentials.IssueAsync(new TenantPrincipal(0, tenantId, userId, "bench"), running.Client, cancellationToken);
        if (credential.Kind != CredentialKind.Header)
        {
            throw new InvalidOperationException("wrk needs a header credential");
        }

        var url = new Uri(running.BaseAddress, $"sites/{siteId}");
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            credential.ApplyTo(request);
            using var response = await running.Client.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode != 200)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"GET {url} as the site's own user answered {(int)response.StatusCode}, not 200"));
            }
        }

        WrkTarget = $"GET {url} (own site of tenant {tenantId}, user {userId})";
        progress.Report(string.Create(CultureInfo.InvariantCulture,
            $"http: wrk -t{settings.WrkThreads} -c{settings.WrkConnections} -d{settings.WrkSeconds}s on {WrkTarget}"));
        var header = $"{credential.Name}: {(credential.Scheme.Length == 0 ? "" : credential.Scheme + " ")}{credential.Token}";
        Wrk = await Harness.Bench.Wrk.RunAsync(url, header, settings.WrkThreads, settings.WrkConnections, settings.WrkSeconds, cancellationToken);
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"http: wrk {Wrk.RequestsPerSecond:0.0} requests/s ({Wrk.Requests} requests, {Wrk.NonSuccess} non-2xx, {Wrk.SocketErrors} socket errors)"));
    }
}

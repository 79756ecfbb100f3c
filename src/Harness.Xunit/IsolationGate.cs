using System.Collections.Concurrent;
using Harness.Findings;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Targets;
using Harness.Testcontainers;
using Xunit;

namespace Harness.Xunit;

/// <summary>
/// One isolation run (provision PostgreSQL, migrate, seed, run the scenarios, write reports) for a test assembly. Use a
/// subclass as an assembly fixture (<c>[assembly: AssemblyFixture(typeof(MyGate))]</c>): xunit runs it once before the
/// tests, and <see cref="IsolationChecksAttribute"/> turns its checks into theory cases. A run that cannot start or
/// finish is kept and rethrown, with its real cause, by every test that reads the gate (<see cref="Report"/>,
/// <see cref="Checks"/>). Progress goes to xunit's diagnostic messages and to <see cref="Log"/>.
/// </summary>
/// <remarks>Configuration is read once, in <see cref="InitializeAsync"/>; override the properties, never set state.</remarks>
public abstract class IsolationGate : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> log = new();
    private RunReport? report;
    private string? reportFolder;
    private IReadOnlyList<IsolationCheck> checks = [];
    private Exception? failure;

    /// <summary>
    /// The manifest (<c>harness.yaml</c>). A relative path is resolved against the test binaries' folder
    /// (<see cref="AppContext.BaseDirectory"/>), whatever the runner's current directory, so a manifest copied to the
    /// output is found as <c>"harness.yaml"</c>. Paths inside the manifest (<c>migrations.sqlFolder</c>) are relative to
    /// the manifest's own folder: copy the migrations next to it, or point at the project (<c>../../../db/migrations</c>).
    /// </summary>
    protected abstract string ManifestPath { get; }

    /// <summary>
    /// The families <see cref="Scenarios"/> may name (default the built-in ones); add your own with
    /// <c>ScenarioRegistry.Default.Add(new MyFamily())</c>.
    /// </summary>
    protected virtual ScenarioRegistry Families => ScenarioRegistry.Default;

    /// <summary>The scenario families to run (default <c>all</c>: audit, rls, and idor when a target is given).</summary>
    protected virtual IReadOnlyList<string> Scenarios => ["all"];

    /// <summary>How many tenants to seed (default 8, small enough for a test run; null keeps the manifest's seed.tenants).</summary>
    protected virtual int? Tenants => 8;

    /// <summary>The seed of every random choice (default 42).</summary>
    protected virtual int Seed => 42;

    /// <summary><c>auto</c> (default) | <c>local</c> | <c>testcontainers</c> | a connection string.</summary>
    protected virtual string Postgres => "auto";

    /// <summary>Findings at or above this severity fail their check's test case (default Low).</summary>
    protected virtual Severity FailOn => Severity.Low;

    /// <summary>
    /// A baseline file (<c>harness baseline</c> writes one; default none): the findings it lists are reported as suppressed and
    /// do not fail their check. Relative paths are resolved against the current directory.
    /// </summary>
    protected virtual string? BaselinePath => null;

    /// <summary>Where the reports (JUnit, SARIF, HTML...) go (default <c>isolation-reports</c> next to the test binaries).</summary>
    protected virtual string ReportsRoot => Path.Combine(AppContext.BaseDirectory, "isolation-reports");

    /// <summary>A readable name for test names and messages (default the gate's type name).</summary>
    public virtual string Name => GetType().Name;

    /// <summary>The report of the run.</summary>
    /// <exception cref="IsolationGateException">The run did not start or did not finish (its cause is the inner exception).</exception>
    public RunReport Report => report ?? throw NotRun();

    /// <summary>The folder the run's reports were written to.</summary>
    /// <exception cref="IsolationGateException">The run did not start or did not finish.</exception>
    public string ReportFolder => reportFolder ?? throw NotRun();

    /// <summary>Every check of the run, in report order, passed or not.</summary>
    /// <exception cref="IsolationGateException">The run did not start or did not finish.</exception>
    public IReadOnlyList<IsolationCheck> Checks => report is null ? throw NotRun() : checks;

    /// <summary>Why the run did not start or finish, or null when it ran (findings do not count: they are results).</summary>
    public Exception? StartFailure => failure;

    /// <summary>The progress lines of the run so far.</summary>
    public IReadOnlyList<string> Log => [.. log];

    /// <summary>Starts the app for the target scenarios, or null to use the manifest's <c>target</c> section.</summary>
    protected abstract ITargetHost? CreateTargetHost();

    /// <summary>The run's options; override to change what the properties do not cover (workers, credentials...).</summary>
    protected virtual RunOptions CreateRunOptions() => new()
    {
        ManifestPath = ResolveManifestPath(ManifestPath),
        Postgres = Postgres,
        Tenants = Tenants,
        Seed = Seed,
        Scenarios = Scenarios,
        Families = Families,
        FailOn = FailOn,
        ReportsRoot = ReportsRoot,
        TargetHost = CreateTargetHost(),
        BaselinePath = BaselinePath is { } baseline ? Path.GetFullPath(baseline) : null,
    };

    /// <summary>A manifest path as the gate reads it: absolute as given, relative against the test binaries' folder.</summary>
    public static string ResolveManifestPath(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestPath);
        return Path.GetFullPath(manifestPath, AppContext.BaseDirectory);
    }

    /// <summary>Runs the gate once; never throws: a failure is kept for the tests to rethrow.</summary>
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var progress = new Progress(this);
        try
        {
            var options = CreateRunOptions();
            // The mode only: a connection string given as Postgres may carry a password.
            var source = options.Postgres is "auto" or "local" or "testcontainers" ? options.Postgres : "an existing server";
            progress.Report($"provisioning PostgreSQL ({source}) for {options.ManifestPath}");
            var resolution = await new PostgresProviderResolver(() => new TestcontainersProvider())
                .ResolveAsync(options.Postgres, cancellationToken).ConfigureAwait(false);
            progress.Report(resolution.Explanation);
            var (runReport, folder) = await new RunPipeline(options, progress)
                .RunAsync(resolution.Provider, cancellationToken).ConfigureAwait(false);
            var suppressions = runReport.Suppressions;
            checks = [
                .. runReport.Scenarios.SelectMany(s => s.Checks.Select(c => new IsolationCheck(Name, s.ScenarioId, c, runReport.FailOn, suppressions))),
                .. RunVerdict.Of(runReport).Reasons.Select(r => IsolationCheck.Incomplete(Name, r, Log)),
            ];
            reportFolder = folder;
            report = runReport;
            progress.Report($"{checks.Count} checks, {checks.Count(c => !c.Passed)} failing; reports: {folder}");
        }
        catch (Exception e)
        {
            failure = e;
            progress.Report($"did not run: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Nothing to release: the run removes its server and schemas before <see cref="InitializeAsync"/> returns.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private IsolationGateException NotRun() =>
        failure is null
            ? new IsolationGateException($"{Name} has not run: register it with [assembly: AssemblyFixture(typeof({GetType().Name}))] and read it from a test.", Log)
            : new IsolationGateException($"{Name} did not run: {failure.Message}", Log, failure);

    private sealed class Progress(IsolationGate gate) : IProgress<string>
    {
        public void Report(string value)
        {
            var line = $"[{gate.Name}] {value}";
            gate.log.Enqueue(line);
            TestContext.Current.SendDiagnosticMessage(line);
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
    }
}

/// <summary>
/// An <see cref="IsolationGate"/> that probes an ASP.NET Core app in-process (<see cref="WebApplicationTarget{TEntryPoint}"/>:
/// no port, the worker's connection strings given as configuration).
/// </summary>
/// <typeparam name="TEntryPoint">A type of the app's assembly, usually its <c>Program</c> (<c>public partial class Program;</c>).</typeparam>
public abstract class IsolationGate<TEntryPoint> : IsolationGate
    where TEntryPoint : class
{
    /// <summary>How the app is configured per worker (connection names, extra settings such as a feature flag).</summary>
    protected virtual Harness.AspNetCore.WebApplicationTargetOptions TargetOptions => new();

    protected override ITargetHost? CreateTargetHost() => new Harness.AspNetCore.WebApplicationTarget<TEntryPoint>(TargetOptions);
}

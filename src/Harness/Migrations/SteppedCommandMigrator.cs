namespace Harness.Migrations;

/// <summary>
/// The target's own migration command with a <c>{target}</c> placeholder in its arguments (<c>flyway -target={target} migrate</c>,
/// <c>dotnet ef database update {target}</c>, <c>bin/rails db:migrate VERSION={target}</c>): it migrates up to the version
/// given, so it can stop at a version and step one at a time. <see cref="ApplyAsync"/> migrates to the last version.
/// The command runs as <see cref="CommandMigrator"/> does, with <c>HARNESS_TARGET</c> set to the version as well (for a
/// script that prefers a variable to an argument). A version that names an existing file, relative to the working
/// directory, is that step's <see cref="MigrationStep.File"/>.
/// </summary>
public sealed class SteppedCommandMigrator : ISteppedMigrationRunner
{
    /// <summary>The placeholder replaced by the version to migrate to, anywhere in an argument.</summary>
    public const string TargetPlaceholder = "{target}";

    private readonly IReadOnlyList<string> command;
    private readonly MigrationVersionSource versions;
    private readonly string workingDirectory;
    private readonly TimeSpan timeout;
    private IReadOnlyList<MigrationStep>? steps;

    /// <param name="command">The program and its arguments; at least one argument holds <see cref="TargetPlaceholder"/>.</param>
    /// <param name="versions">Where the versions come from.</param>
    /// <param name="workingDirectory">Where both the migration command and the versions command run.</param>
    /// <param name="timeout">How long each run of either command may take.</param>
    public SteppedCommandMigrator(IReadOnlyList<string> command, MigrationVersionSource versions, string workingDirectory, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(versions);
        if (!HasTarget(command))
        {
            throw new MigrationException(
                $"migration command '{string.Join(' ', command)}' has no {TargetPlaceholder}; put {TargetPlaceholder} where the tool takes the version to migrate to, e.g. flyway -target={TargetPlaceholder} migrate")
            {
                Migration = string.Join(' ', command),
            };
        }

        this.command = command;
        this.versions = versions;
        this.workingDirectory = Path.GetFullPath(workingDirectory);
        this.timeout = timeout;
    }

    /// <summary>Whether an argument of <paramref name="command"/> holds <see cref="TargetPlaceholder"/>: a command that can be stepped.</summary>
    public static bool HasTarget(IReadOnlyList<string> command) =>
        command?.Any(a => a.Contains(TargetPlaceholder, StringComparison.Ordinal)) ?? throw new ArgumentNullException(nameof(command));

    /// <summary>
    /// The versions, checked (at least one, none twice) and kept: a versions command runs once (again only for workers
    /// that ask at the same first moment; each run gives the same list).
    /// </summary>
    public async Task<IReadOnlyList<MigrationStep>> StepsAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref steps) is { } known)
        {
            return known;
        }

        var listed = ToSteps(await VersionsAsync(cancellationToken));
        Volatile.Write(ref steps, listed);
        return listed;
    }

    public async Task ApplyAsync(string adminConnectionString, string? schema, CancellationToken cancellationToken = default)
    {
        var all = await StepsAsync(cancellationToken);
        await RunToAsync(adminConnectionString, schema, all[^1], rowSecurityOff: false, cancellationToken);
    }

    public Task ApplyThroughAsync(string adminConnectionString, string? schema, MigrationStep last, CancellationToken cancellationToken = default) =>
        RunToAsync(adminConnectionString, schema, last, rowSecurityOff: false, cancellationToken);

    public Task ApplyStepAsync(string adminConnectionString, string? schema, MigrationStep step, bool rowSecurityOff, CancellationToken cancellationToken = default) =>
        RunToAsync(adminConnectionString, schema, step, rowSecurityOff, cancellationToken);

    /// <summary>The command with every <see cref="TargetPlaceholder"/> replaced by <paramref name="version"/>.</summary>
    public IReadOnlyList<string> CommandFor(string version) =>
        [.. command.Select(a => a.Replace(TargetPlaceholder, version, StringComparison.Ordinal))];

    private Task RunToAsync(string adminConnectionString, string? schema, MigrationStep step, bool rowSecurityOff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var environment = new Dictionary<string, string>(CommandMigrator.EnvironmentFor(adminConnectionString, schema, rowSecurityOff))
        {
            ["HARNESS_TARGET"] = step.Version,
        };
        return MigrationCommandRun.RunAsync(CommandFor(step.Version), "migration command", "migrations.command", workingDirectory, environment, timeout, captureOutput: false, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> VersionsAsync(CancellationToken cancellationToken)
    {
        if (versions.Versions is { } listed)
        {
            return listed;
        }

        // Steps are listed once, before any worker exists: the command gets the harness's own environment, no worker connection.
        var printed = await MigrationCommandRun.RunAsync(
            versions.Command!, "versions command", "migrations.versions.command", workingDirectory, new Dictionary<string, string>(), timeout, captureOutput: true, cancellationToken);
        return [.. printed.Select(l => l.Trim()).Where(l => l.Length > 0)];
    }

    private List<MigrationStep> ToSteps(IReadOnlyList<string> found)
    {
        var source = versions.Command is { } list ? $"versions command '{string.Join(' ', list)}'" : "migrations.versions";
        if (found.Count == 0)
        {
            throw new MigrationException(
                $"the {source} gave no versions; it must list the versions {string.Join(' ', command)} migrates to, oldest first, one per line")
            {
                Migration = source,
            };
        }

        if (found.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new MigrationException($"the {source} gave version '{twice.Key}' more than once; each version must appear once, oldest first")
            {
                Migration = source,
            };
        }

        return [.. found.Select(v => new MigrationStep(v, FileOf(v)))];
    }

    private string? FileOf(string version)
    {
        if (version.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(workingDirectory, version));
        return File.Exists(path) ? path : null;
    }
}

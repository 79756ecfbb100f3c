namespace Harness.Targets;

/// <summary>
/// Starts the application under test against one worker's database: a process the harness runs and stops
/// (<see cref="Hosting.CommandTargetHost"/>), an app already running at a URL, or a .NET app in-process
/// (<c>WebApplicationTarget&lt;TEntryPoint&gt;</c> in Harness.AspNetCore). Scenarios only see the started <see cref="IRunningTarget"/>.
/// </summary>
public interface ITargetHost
{
    /// <summary>One line for progress and errors, e.g. "command dotnet SampleTarget.dll".</summary>
    string Description { get; }

    /// <summary>Starts the target and returns once it answers its readiness check; the handle stops it.</summary>
    Task<IRunningTarget> StartAsync(TargetDatabase database, CancellationToken cancellationToken = default);
}

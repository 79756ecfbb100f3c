using Microsoft.AspNetCore.Hosting;

namespace Harness.AspNetCore;

/// <summary>
/// How <see cref="WebApplicationTarget{TEntryPoint}"/> configures the app for one worker. The worker's connections are
/// given as configuration: <c>ConnectionStrings:{AppConnectionName}</c> (the app role, default "Default") and
/// <c>ConnectionStrings:{AdminConnectionName}</c> (the admin, default "Owner"; null to leave it out), both with the worker
/// schema as search path. Immutable.
/// </summary>
public sealed record WebApplicationTargetOptions
{
    public string AppConnectionName { get; init; } = "Default";

    public string? AdminConnectionName { get; init; } = "Owner";

    /// <summary>More configuration, e.g. <c>["SAMPLE_FLAW"] = "read-without-tenant"</c>; values may name the database placeholders ({schema}...).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The hosting environment (default Development).</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Checked with GET once the app started (must answer 2xx); null to skip.</summary>
    public string? ReadinessPath { get; init; } = "/health";

    /// <summary>Keep the app's own log providers (console...); off by default, so probe runs and test output stay quiet.</summary>
    public bool KeepAppLogging { get; init; }

    /// <summary>Anything else on the web host (services to replace, logging), applied last.</summary>
    public Action<IWebHostBuilder>? ConfigureWebHost { get; init; }
}

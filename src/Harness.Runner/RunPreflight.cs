using Harness.Errors;
using Harness.Manifest;
using Harness.Migrations;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Runner;

/// <summary>
/// What a run checks before it provisions anything, so that a mistake a user can fix shows in a second instead of after a
/// cluster started and the migrations ran: the reports folder can be created, the target's URL is one the harness may probe,
/// and the OpenAPI document reads and parses. <see cref="RunPipeline"/> calls it first; <c>harness validate</c> calls it
/// alone. Each check returns the line that says what it checked; the first that fails throws a <see cref="HarnessException"/>
/// that says what to do.
/// </summary>
public static class RunPreflight
{
    /// <summary>
    /// Checks <paramref name="reportsRoot"/> and, when <paramref name="probesTarget"/> (a selected scenario probes the running
    /// app), the manifest's <c>target.url</c> and <c>endpoints.openapi</c>; returns what it checked, one line each.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(
        HarnessManifest manifest, string reportsRoot, bool probesTarget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var checks = new List<string> { ReportsFolder(reportsRoot) };
        if (Migrations(manifest) is { } migrations)
        {
            checks.Add(migrations);
        }

        if (!probesTarget)
        {
            return checks;
        }

        if (manifest.Target is { } target)
        {
            checks.Add(TargetUrl(manifest.SourcePath, target));
        }

        if (manifest.Endpoints?.OpenApi is { } openApi)
        {
            checks.Add(await OpenApiDocumentAsync(openApi, cancellationToken));
        }

        return checks;
    }

    /// <summary><c>--reports</c> is a folder or can become one: neither it nor any folder above it is an existing file.</summary>
    private static string ReportsFolder(string reportsRoot)
    {
        var full = Path.GetFullPath(reportsRoot);
        for (var path = full; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                throw new UsageException(
                    $"--reports '{reportsRoot}': '{path}' is an existing file, so the reports folder cannot be created there; "
                    + "give a folder (each run writes a sub-folder into it), e.g. --reports reports")
                {
                    Option = "--reports",
                };
            }

            if (Directory.Exists(path))
            {
                break;
            }
        }

        return $"reports: {full} ({(Directory.Exists(full) ? "a folder" : "created by the run")})";
    }

    /// <summary>
    /// With schema isolation, the SQL migrations name no other schema: a worker schema cannot hold objects the migrations put
    /// elsewhere (<c>database.isolation: database</c> can).
    /// </summary>
    private static string? Migrations(HarnessManifest manifest)
    {
        if (manifest.Database.Isolation != WorkerIsolation.Schema || MigrationRunnerFactory.For(manifest) is not SqlFolderMigrator folder)
        {
            return null;
        }

        var references = SchemaReferenceScanner.ScanFolder(folder.Folder);
        return SchemaReferenceScanner.RefusalFor(references) is { } refusal
            ? throw refusal
            : $"migrations: {folder.Folder} (name no other schema, so each worker gets a schema of its own)";
    }

    /// <summary>
    /// <c>target.url</c> is an absolute http or https URL; when the harness starts the app itself (<c>target.command</c>) it
    /// is on loopback, where that app listens on the port the harness picks: probes that change data must never reach an
    /// app the run did not start.
    /// </summary>
    private static string TargetUrl(string manifestPath, TargetSection target)
    {
        var url = target.Url;
        var filled = url.Replace("{port}", "8080", StringComparison.Ordinal);
        if (!Uri.TryCreate(filled, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw Refused(manifestPath, $"target.url '{url}' is not an absolute http or https URL; give e.g. url: \"http://127.0.0.1:{{port}}\"");
        }

        if (target.Command.Count > 0 && !uri.IsLoopback)
        {
            throw Refused(manifestPath,
                $"target.url '{url}' is not on loopback, but the harness starts the app itself (target.command) on this machine; "
                + "give a loopback URL such as \"http://127.0.0.1:{port}\", or drop 'command' to probe an app that already runs there");
        }

        return $"target.url: {url} ({(target.Command.Count > 0 ? "loopback, the app the run starts" : "the app that already runs")})";
    }

    /// <summary><c>endpoints.openapi</c> reads and parses as an OpenAPI 3 document with at least one operation.</summary>
    private static async Task<string> OpenApiDocumentAsync(string path, CancellationToken cancellationToken)
    {
        IReadOnlyList<RouteSection> routes;
        try
        {
            routes = await OpenApiRoutes.ReadAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TargetConfigurationException(
                $"{path}: the OpenAPI document (endpoints.openapi) cannot be read ({e.Message}); make it readable by the user that runs the harness", e)
            {
                Subject = path,
            };
        }

        return $"endpoints.openapi: {path} ({routes.Count} operations)";
    }

    private static TargetConfigurationException Refused(string manifestPath, string problem) =>
        new($"{manifestPath}: {problem}") { Subject = "target.url" };
}

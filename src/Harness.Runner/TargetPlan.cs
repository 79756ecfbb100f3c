using Harness.Manifest;
using Harness.Running;
using Harness.Targets;
using Harness.Targets.Credentials;

namespace Harness.Runner;

/// <summary>What a run needs to start the app for its target scenarios: the host, the credential strategy and the endpoints.</summary>
internal sealed record TargetPlan(ITargetHost Host, ICredentialStrategy Credentials, EndpointsSection Endpoints)
{
    /// <summary>The manifest the run read, named by reproductions.</summary>
    public string? ManifestPath { get; init; }

    public TargetContext ContextFor(IRunningTarget running) => new(running, Credentials, Endpoints) { ManifestPath = ManifestPath };

    /// <summary>The plan when a selected scenario needs the app, else null; refuses (exit 2) when the manifest lacks what it needs.</summary>
    public static async Task<TargetPlan?> ForAsync(
        HarnessManifest manifest, RunOptions options, IReadOnlyList<IScenario> scenarios, TimeProvider time, CancellationToken cancellationToken)
    {
        var needing = scenarios.Where(s => s.Needs.HasFlag(ScenarioNeeds.RunningTarget)).Select(s => s.Id).ToList();
        if (needing.Count == 0)
        {
            return null;
        }

        var host = options.TargetHost ?? TargetSetup.HostFor(manifest);
        var credentials = options.Credentials ?? await TargetSetup.CredentialsForAsync(manifest, time, cancellationToken);
        var missing = new List<string>();
        if (host is null)
        {
            missing.Add("'target' (how to start the app, e.g. command: [\"node\", \"server.js\"] with {port})");
        }

        if (credentials is null)
        {
            missing.Add("'credentials' (how to act as a seeded user, e.g. jwt: { signingKey, claims })");
        }

        if (manifest.Target is { } section)
        {
            var known = manifest.Database.Roles.Keys.Append(manifest.Database.AppRole).ToHashSet(StringComparer.Ordinal);
            var unknown = section.Command.Concat(section.Environment.Values).Append(section.Url)
                .SelectMany(TargetDatabase.RolesNamedIn).Where(role => !known.Contains(role)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                throw new TargetConfigurationException(
                    $"{manifest.SourcePath}: 'target' names the connection of role {string.Join(", ", unknown)}, which 'database' does not list; "
                    + $"add it with its password, e.g. database: {{ roles: {{ {unknown[0]}: \"${{{unknown[0].ToUpperInvariant()}_PASSWORD}}\" }} }}")
                {
                    Subject = "target",
                };
            }
        }

        if (manifest.Endpoints is null)
        {
            missing.Add("'endpoints' (routes or an OpenAPI document)");
        }

        return missing.Count == 0
            ? new TargetPlan(host!, credentials!, manifest.Endpoints!) { ManifestPath = manifest.SourcePath }
            : throw new TargetConfigurationException(
                $"{manifest.SourcePath}: scenario {string.Join(", ", needing)} probes the running app, but the manifest has no {string.Join(", no ", missing)}")
            {
                Subject = manifest.SourcePath,
            };
    }
}

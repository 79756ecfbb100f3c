using System.Globalization;
using Harness.Manifest;
using Harness.Processes;
using Harness.Targets;
using Harness.Workers;

namespace Harness.Runner;

/// <summary>
/// What a run with <c>--keep</c> prints so its reproductions can be replayed: the kept worker's connection strings and the
/// manifest's target command with its placeholders filled for that worker (the app then serves the run's seeded data),
/// and how to make a seeded user's token. The lines carry the connection strings' passwords: <c>--keep</c> is for a
/// developer's own server, not a shared CI log.
/// </summary>
internal static class KeptTarget
{
    /// <summary>The database a target gets for <paramref name="worker"/>: the one the run starts the app against.</summary>
    public static TargetDatabase DatabaseFor(IWorker worker, DatabaseSection database) =>
        new(worker.Schema, worker.ConnectionStringFor(database.AppRole, database.AppPassword), worker.AdminConnectionString)
        {
            SearchPath = worker.SearchPath,
            RoleConnectionStrings = database.Roles
                .Append(new(database.AppRole, database.AppPassword))
                .ToDictionary(r => r.Key, r => worker.ConnectionStringFor(r.Key, r.Value), StringComparer.Ordinal),
        };

    /// <summary>The lines to print for the kept <paramref name="worker"/>.</summary>
    public static IEnumerable<string> Instructions(IWorker worker, HarnessManifest manifest)
    {
        var database = DatabaseFor(worker, manifest.Database);
        yield return $"kept {worker.Kind} {worker.Name} holds the run's seeded data; the app role connects with: {database.AppConnectionString}";
        if (manifest.Target is { } target)
        {
            var values = new Dictionary<string, string>(database.Placeholders(), StringComparer.Ordinal)
            {
                ["port"] = FreePort.Pick().ToString(CultureInfo.InvariantCulture),
            };
            var environment = string.Concat(target.Environment.Select(e => $"{e.Key}={CurlCommand.Quote(TargetPlaceholders.Fill(e.Value, values))} "));
            var command = string.Join(' ', target.Command.Select(a => CurlCommand.Quote(TargetPlaceholders.Fill(a, values))));
            var folder = target.WorkingDirectory ?? Path.GetDirectoryName(Path.GetFullPath(manifest.SourcePath)) ?? ".";
            yield return target.Command.Count > 0
                ? $"start the app against it: (cd {CurlCommand.Quote(folder)} && {environment}{command}); it answers at {TargetPlaceholders.Fill(target.Url, values)}"
                : $"point the app at {target.Url} to the connection above; reproductions then run against it";
        }

        yield return $"a seeded user's token for curl reproductions: export TOKEN_A=$(harness token --manifest {CurlCommand.Quote(manifest.SourcePath)} --tenant <id> --user <id>) (ids are in the reports and ledger.json)";
        yield return $"remove the kept {worker.Kind} when done: DROP {worker.Kind.ToUpperInvariant()} {Harness.Sql.SqlIdentifier.Quote(worker.Name)}{(worker.Kind == "schema" ? " CASCADE" : "")};";
    }
}

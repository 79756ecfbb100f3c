namespace Harness.Bench;

/// <summary>
/// A copy of the sample's manifest, written next to it (its relative paths, migrate.sh and bin/, still resolve) with
/// <c>idor.allPairs</c> switched on (and <c>idsPerPair</c> when asked) and, optionally, one route kept: the benchmark's all-pairs and single-endpoint runs.
/// Deleted on dispose. The sample's manifest is ours, so a line edit is enough; a manifest without the expected lines is refused.
/// </summary>
internal sealed class ManifestVariant : IDisposable
{
    private ManifestVariant(string path) => Path = path;

    public string Path { get; }

    public static ManifestVariant Write(string source, bool allPairs, string? onlyRoute, int idsPerPair = 1)
    {
        var lines = File.ReadAllLines(source).ToList();
        if (allPairs)
        {
            var idor = lines.FindIndex(l => l == "idor:");
            if (idor < 0)
            {
                throw new InvalidOperationException($"{source} has no top-level 'idor:' line to add allPairs to");
            }

            lines.Insert(idor + 1, "  allPairs: true");
            if (idsPerPair > 1)
            {
                lines.Insert(idor + 1, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  idsPerPair: {idsPerPair}"));
            }
        }

        if (onlyRoute is not null)
        {
            var routes = lines.FindIndex(l => l == "  routes:");
            var end = routes < 0 ? -1 : lines.FindIndex(routes + 1, l => !l.StartsWith("    ", StringComparison.Ordinal));
            end = end < 0 ? lines.Count : end;
            if (routes < 0 || !lines.Skip(routes + 1).Take(end - routes - 1).Contains("    - " + onlyRoute))
            {
                throw new InvalidOperationException($"{source} has no route line '    - {onlyRoute}' under 'endpoints: routes:'");
            }

            lines = [.. lines.Take(routes + 1), "    - " + onlyRoute, .. lines.Skip(end)];
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(source)!, $".harness-bench-{Guid.NewGuid():N}.yaml");
        File.WriteAllLines(path, lines);
        return new ManifestVariant(path);
    }

    public void Dispose() => File.Delete(Path);
}

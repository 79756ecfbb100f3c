using System.Globalization;
using Harness.Errors;

namespace Harness.Migrations;

/// <summary>Finds the step a user names (<c>survival.from</c>) among a runner's steps.</summary>
public static class MigrationStepSelector
{
    private const int VersionsListed = 30;

    /// <summary>
    /// The step <paramref name="from"/> names: its exact version, else its exact <see cref="MigrationStep.Name"/>, else the
    /// one step whose version or name starts with it (<c>005</c>, Prisma's <c>20250114093012</c>), else the step at that
    /// 1-based index. An unknown or ambiguous value is a <see cref="MigrationException"/> that lists the versions.
    /// </summary>
    public static MigrationStep Find(IReadOnlyList<MigrationStep> steps, string from)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(from);
        if (steps.Count == 0)
        {
            throw new MigrationException($"there are no migration versions to find '{from}' among; check the migrations section of the manifest");
        }

        var wanted = from.Trim();
        if (steps.FirstOrDefault(s => s.Version == wanted) is { } byVersion)
        {
            return byVersion;
        }

        // Prisma's steps are all named migration.sql: a name shared by several steps names none of them.
        var named = steps.Where(s => s.Name == wanted).ToList();
        if (named.Count == 1)
        {
            return named[0];
        }

        var prefixed = named.Count > 1 || wanted.Length == 0
            ? named
            : [.. steps.Where(s => s.Version.StartsWith(wanted, StringComparison.Ordinal) || s.Name.StartsWith(wanted, StringComparison.Ordinal))];
        if (prefixed.Count == 1)
        {
            return prefixed[0];
        }

        if (prefixed.Count > 1)
        {
            throw new MigrationException(
                $"'{from}' fits {prefixed.Count} versions ({string.Join(", ", prefixed.Take(VersionsListed).Select(s => s.Version))}); "
                + "write more of the version so it names one");
        }

        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1 && index <= steps.Count)
        {
            return steps[index - 1];
        }

        throw new MigrationException($"'{from}' is not a migration version{Suggestion(steps, wanted)}; the versions are: {Listing(steps)}");
    }

    private static string Suggestion(IReadOnlyList<MigrationStep> steps, string wanted)
    {
        var closest = steps
            .SelectMany(s => new[] { (Text: s.Version, Distance: TextDistance.Levenshtein(wanted, s.Version)), (Text: s.Name, Distance: TextDistance.Levenshtein(wanted, s.Name)) })
            .OrderBy(c => c.Distance)
            .First();
        return closest.Distance <= Math.Max(2, wanted.Length / 3) ? $" (did you mean '{closest.Text}'?)" : "";
    }

    private static string Listing(IReadOnlyList<MigrationStep> steps)
    {
        var shown = string.Join(", ", steps.Take(VersionsListed).Select((s, i) => $"{i + 1}. {s.Version}"));
        return steps.Count > VersionsListed ? $"{shown}, ... ({steps.Count - VersionsListed} more)" : shown;
    }
}

using System.Text.Json.Serialization;

namespace Harness.Snapshots;

/// <summary>
/// What differs between two <see cref="DatabaseSnapshot"/>s of a schema (before and after a migration, a backup and its
/// restore): catalog objects added, removed or changed, tenants' rows per table, and canaries that moved, vanished,
/// appeared or were duplicated. Each list is sorted; equal snapshots give an empty diff.
/// </summary>
public sealed record SnapshotDiff
{
    /// <summary>The format's version, raised when a field changes meaning.</summary>
    public int Format { get; init; } = 1;

    public IReadOnlyList<CatalogChange> Catalog { get; init; } = [];

    public IReadOnlyList<DataChange> Data { get; init; } = [];

    public IReadOnlyList<CanaryChange> Canaries { get; init; } = [];

    /// <summary>True when nothing differs.</summary>
    [JsonIgnore]
    public bool IsEmpty => Catalog.Count == 0 && Data.Count == 0 && Canaries.Count == 0;

    /// <summary>The differences from <paramref name="before"/> to <paramref name="after"/>. Pure: reads nothing but the two.</summary>
    public static SnapshotDiff Between(DatabaseSnapshot before, DatabaseSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return new SnapshotDiff
        {
            Catalog = CatalogDiff.Between(before.Security, after.Security),
            Data = DataDiff.Between(before.Data, after.Data),
            Canaries = DataDiff.Between(before.Canaries, after.Canaries),
        };
    }
}

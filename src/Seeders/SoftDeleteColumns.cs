using Harness.Catalog;

namespace Harness.Seeders;

/// <summary>
/// Recognises soft-delete markers by name and type, in snake_case or camelCase: a nullable timestamp or date named
/// deleted_at, archived_at, removed_at or trashed_at (or ending so), or a boolean named is_deleted, deleted or archived.
/// </summary>
internal static class SoftDeleteColumns
{
    private static readonly string[] TimeNames = ["deletedat", "archivedat", "removedat", "trashedat"];
    private static readonly string[] FlagNames = ["isdeleted", "deleted", "isarchived", "archived", "isremoved", "removed", "istrashed", "trashed"];

    public static bool IsMarker(ColumnInfo column)
    {
        var name = Normalized(column.Name);
        return column.TypeName switch
        {
            "timestamptz" or "timestamp" or "date" => !column.NotNull && TimeNames.Any(t => name == t || name.EndsWith(t, StringComparison.Ordinal)),
            "bool" => FlagNames.Contains(name),
            _ => false,
        };
    }

    /// <summary>Whether the name alone looks like a soft-delete marker (whatever its type).</summary>
    public static bool IsNamedLikeOne(string column)
    {
        var name = Normalized(column);
        return FlagNames.Contains(name) || TimeNames.Any(t => name == t || name.EndsWith(t, StringComparison.Ordinal));
    }

    /// <summary>The row values: (deleted, live) for the column's type.</summary>
    public static object? Value(ColumnInfo column, bool deleted, Random random, DateTimeOffset epoch) => column.TypeName switch
    {
        "bool" => deleted,
        _ when !deleted => null,
        "timestamptz" => epoch.UtcDateTime.AddMinutes(-random.Next(0, 43_200)),
        "timestamp" => DateTime.SpecifyKind(epoch.UtcDateTime.AddMinutes(-random.Next(0, 43_200)), DateTimeKind.Unspecified),
        _ => DateOnly.FromDateTime(epoch.UtcDateTime.AddDays(-random.Next(0, 30))),
    };

    /// <summary>
    /// Which rows of a tenant's table are deleted: the last round(count x share), so the first row always stays live
    /// (probes that pick a tenant's first row find it), and the same rows every run.
    /// </summary>
    public static bool IsDeleted(int rowIndex, int count, double share) =>
        share > 0 && rowIndex > 0 && rowIndex >= count - Math.Min(count - 1, (int)Math.Round(count * share, MidpointRounding.AwayFromZero));

    private static string Normalized(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}

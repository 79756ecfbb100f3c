using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Ledger;

/// <summary>
/// Which rows belong to which tenant: per tenant and table, the primary keys and canary tokens seeded.
/// Saved with the run so a report can say exactly whose row leaked.
/// </summary>
public sealed record SeedLedger(int Seed, string TenantKey, IReadOnlyList<SeededTenant> Tenants)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int RowCount => Tenants.Sum(t => t.Tables.Sum(table => table.Keys.Count));

    /// <summary>The tenant that owns a canary token, or null when the token is not one of this run's.</summary>
    public SeededTenant? OwnerOfCanary(string token) =>
        Tenants.FirstOrDefault(t => t.Canaries.Contains(token, StringComparer.Ordinal));

    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, Json, cancellationToken);
    }

    public static async Task<SeedLedger> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<SeedLedger>(stream, Json, cancellationToken)
            ?? throw new InvalidDataException($"{path}: not a seed ledger");
    }
}

/// <summary>One seeded tenant: its id, display name, the rows seeded per table and its canary tokens.</summary>
public sealed record SeededTenant(int Index, string TenantId, string Name, IReadOnlyList<SeededTable> Tables, IReadOnlyList<string> Canaries)
{
    public SeededTable? Table(string name) => Tables.FirstOrDefault(t => t.Table == name);

    /// <summary>
    /// Rows seeded for this tenant into tables outside the tenant set that its rows point at (e.g. <c>auth.users</c>
    /// for its members), named <c>schema.table</c> when the table is in another schema; null (omitted) when none.
    /// </summary>
    public IReadOnlyList<SeededTable>? ParentRows { get; init; }
}

/// <summary>The primary keys seeded into one table for one tenant, each key as its columns' text values.</summary>
public sealed record SeededTable(string Table, IReadOnlyList<string> KeyColumns, IReadOnlyList<IReadOnlyList<string>> Keys)
{
    /// <summary>Indexes into <see cref="Keys"/> of the rows seeded soft-deleted; null (omitted) when none is.</summary>
    public IReadOnlyList<int>? Deleted { get; init; }

    /// <summary>Whether the row at <paramref name="keyIndex"/> in <see cref="Keys"/> was seeded soft-deleted.</summary>
    public bool IsDeleted(int keyIndex) => Deleted?.Contains(keyIndex) == true;
}

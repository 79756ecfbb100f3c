using Harness.Model;
using Harness.Sql;
using Npgsql;

namespace Harness.Probing;

/// <summary>
/// The user ids of each tenant's members, read from the membership table's user column after seeding (as the admin),
/// in a fixed order: so a probe can act as a real member of a tenant (<c>{userId}</c> in the tenant context) and an
/// HTTP principal can log in as one.
/// </summary>
public sealed class TenantMembers
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> byTenant;

    private TenantMembers(IReadOnlyDictionary<string, IReadOnlyList<string>> byTenant) => this.byTenant = byTenant;

    /// <summary>No members known (the model has no membership user column).</summary>
    public static TenantMembers None { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>Every member's user id, of every tenant.</summary>
    public IEnumerable<string> All => byTenant.Values.SelectMany(v => v);

    /// <summary>The user ids of <paramref name="tenantId"/>'s members, ordered; empty when it has none.</summary>
    public IReadOnlyList<string> Of(string tenantId) => byTenant.TryGetValue(tenantId, out var users) ? users : [];

    /// <summary>The first member of <paramref name="tenantId"/> (the one probes act as), or null when it has none.</summary>
    public string? First(string tenantId) => Of(tenantId) is [var first, ..] ? first : null;

    /// <summary>
    /// Reads the members through <paramref name="adminConnectionString"/> (its search path set to the schema): per tenant key
    /// value, the membership table's user column as text, ordered by tenant then user id.
    /// </summary>
    public static async Task<TenantMembers> ReadAsync(string adminConnectionString, TenancyModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Membership is not { } table || model.MembershipUser is not { } user)
        {
            return None;
        }

        var tenant = SqlIdentifier.Quote(model.TenantColumnOf(table));
        var userColumn = SqlIdentifier.Quote(user);
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT DISTINCT m.{tenant}::text, m.{userColumn}::text FROM {table.Quoted} AS m "
            + $"WHERE m.{tenant} IS NOT NULL AND m.{userColumn} IS NOT NULL ORDER BY 1, 2",
            connection);
        var members = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (!members.TryGetValue(id, out var list))
            {
                members[id] = list = new List<string>();
            }

            ((List<string>)list).Add(reader.GetString(1));
        }

        return new TenantMembers(members);
    }
}

using Harness.Migrations;
using System.Text.RegularExpressions;
using Harness.Catalog;
using Harness.Manifest;
using Harness.Model;

namespace Harness.Init;

/// <summary>
/// Infers a first tenancy model from a catalog: the tenant key by column name (ranked by how many tables carry it
/// and how many foreign keys on it point at a common root), the root, the membership table, tables without the key,
/// the setting the policies compare with the key, and the role the app likely connects as.
/// </summary>
public static partial class TenancyInference
{
    private sealed record MembershipGuess(TableName Table, string? User, string Evidence);

    /// <summary>Column names that usually hold the tenant, in order of preference when scores tie.</summary>
    public static IReadOnlyList<string> KeyNames { get; } =
    [
        "tenant_id", "org_id", "organization_id", "organisation_id", "company_id", "account_id", "workspace_id", "team_id",
        "customer_id", "client_id", "business_id", "merchant_id", "shop_id", "store_id", "agency_id", "firm_id", "school_id",
    ];

    /// <summary>Table names that usually hold a tenant's users, in order of preference.</summary>
    public static IReadOnlyList<string> MembershipNames { get; } =
    [
        "users", "members", "memberships", "accounts", "team_members", "org_members", "organization_members", "profiles",
        "user", "member", "membership", "account", "profile",
    ];

    private static readonly Dictionary<string, string[]> RootSynonyms = new(StringComparer.Ordinal)
    {
        ["org"] = ["orgs", "organizations", "organisations"],
        ["organisation"] = ["organisations", "orgs"],
        ["organization"] = ["organizations", "orgs"],
    };

    public static InferredTenancy Infer(DatabaseInspection inspection, string? tenantKey = null)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var catalog = inspection.Catalog;
        var candidates = Candidates(catalog);
        KeyCandidate key;
        if (tenantKey is not null)
        {
            if (!ManifestLoader.IsPostgresName(tenantKey))
            {
                throw new InitException($"--tenant-key '{tenantKey}' is not a PostgreSQL name (1 to 63 bytes, as PostgreSQL stores it: organizationId, not \"organizationId\")") { Option = "--tenant-key" };
            }

            key = candidates.FirstOrDefault(c => c.Column == tenantKey) ?? Candidate(catalog, tenantKey)
                ?? throw new InitException(
                    $"no table in schema '{inspection.Schema}' has a column '{tenantKey}' (--tenant-key); its tables are: {string.Join(", ", catalog.Tables.Select(t => t.Name))}") { Option = "--tenant-key" };
        }
        else
        {
            key = candidates.FirstOrDefault() ?? throw new InitException(
                $"no tenant key candidate in schema '{inspection.Schema}' on {inspection.Server}: none of its {catalog.Tables.Count} tables " +
                $"({Abbreviate(catalog.Tables.Select(t => t.Name.Value))}) has a column named {string.Join(", ", KeyNames)} or ending in tenant_id. " +
                "If the tenant key has another name, pass --tenant-key <column>; if this is the wrong schema, pass --schema") { Option = "--tenant-key" };
        }

        var tenantNames = key.Tables.ToHashSet();
        if (key.Root is { } root)
        {
            tenantNames.Add(root.Table);
        }

        var membership = Membership(catalog, key, tenantNames);
        var settings = Settings(catalog, key, tenantNames);
        var preset = Preset(catalog, inspection, tenantNames, settings);
        var tenantTables = catalog.Tables
            .Where(t => tenantNames.Contains(t.Name))
            .Select(t => new TenantTableState(t.Name, t.Name == key.Root?.Table, t.RlsEnabled, t.RlsForced, [.. t.Policies.Select(p => p.Name)]))
            .ToList();
        return new InferredTenancy
        {
            Schema = inspection.Schema,
            Candidates = candidates,
            Key = key,
            Root = key.Root,
            Membership = membership?.Table,
            MembershipUser = membership?.User,
            MembershipEvidence = membership?.Evidence,
            ContextPreset = preset?.Name,
            ContextPresetEvidence = preset?.Evidence,
            PresetAppRole = preset?.AppRole,
            TenantTables = tenantTables,
            OtherTables = OtherTables(catalog, tenantNames),
            Settings = settings,
            Roles = Roles(catalog, inspection.Grants, tenantNames),
        };
    }

    private static List<KeyCandidate> Candidates(CatalogSnapshot catalog)
    {
        var names = catalog.Tables
            .SelectMany(t => t.Columns.Select(c => c.Name))
            .Where(n => KeyNames.Contains(Normalized(n)) || Normalized(n).EndsWith("tenant_id", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);
        return [.. names
            .Select(n => Candidate(catalog, n)!)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => Preference(c.Column))
            .ThenBy(c => c.Column, StringComparer.Ordinal)];
    }

    private static int Preference(string column)
    {
        for (var i = 0; i < KeyNames.Count; i++)
        {
            if (KeyNames[i] == Normalized(column))
            {
                return i;
            }
        }

        return KeyNames.Count;
    }

    private static KeyCandidate? Candidate(CatalogSnapshot catalog, string column)
    {
        var tables = catalog.Tables.Where(t => t.FindColumn(column) is not null).ToList();
        if (tables.Count == 0)
        {
            return null;
        }

        // Single-column foreign keys on the key column point at the root; composite ones (key, x) point at other tenant tables.
        var root = tables
            .SelectMany(t => t.ForeignKeys.Where(fk => fk.Columns.Count == 1 && fk.Columns[0] == column && fk.ReferencedTable != t.Name))
            .GroupBy(fk => (fk.ReferencedTable, Column: fk.ReferencedColumns[0]))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.ReferencedTable.Value, StringComparer.Ordinal)
            .Select(g => new RootGuess(g.Key.ReferencedTable, g.Key.Column, g.Count()))
            .FirstOrDefault() ?? RootByName(catalog, column);
        var carrying = tables.Select(t => t.Name).ToList();
        return new KeyCandidate(column, carrying, root, carrying.Count + (root?.ForeignKeys ?? 0));
    }

    /// <summary>company_id → companies (or company), org_id → orgs/organizations, with its id (or the key, or its one-column primary key).</summary>
    private static RootGuess? RootByName(CatalogSnapshot catalog, string column)
    {
        var normalized = Normalized(column);
        var stem = normalized.EndsWith("_id", StringComparison.Ordinal) ? normalized[..^3] : normalized;
        if (stem.Length == 0)
        {
            return null;
        }

        foreach (var name in Plurals(stem).Concat(RootSynonyms.GetValueOrDefault(stem, [])))
        {
            // Prisma's models are singular and capitalised: organizationId -> "Organization".
            var table = catalog.FindTable(new TableName(name))
                ?? catalog.Tables.FirstOrDefault(t => string.Equals(Normalized(t.Name.Value), name, StringComparison.Ordinal));
            if (table is null)
            {
                continue;
            }

            var keyColumn = table.FindColumn("id")?.Name ?? table.FindColumn(column)?.Name
                ?? (table.PrimaryKey.Count == 1 ? table.PrimaryKey[0] : null);
            if (keyColumn is not null)
            {
                return new RootGuess(table.Name, keyColumn, 0);
            }
        }

        return null;
    }

    /// <summary>Table names a singular stem may take: site → sites, site; company → companies; address → addresses.</summary>
    internal static IEnumerable<string> Plurals(string stem)
    {
        if (stem.EndsWith('y') && stem.Length > 1 && !"aeiou".Contains(stem[^2], StringComparison.Ordinal))
        {
            yield return stem[..^1] + "ies";
        }

        if (stem.EndsWith('s') || stem.EndsWith('x') || stem.EndsWith("ch", StringComparison.Ordinal) || stem.EndsWith("sh", StringComparison.Ordinal))
        {
            yield return stem + "es";
        }

        yield return stem + "s";
        yield return stem;
    }

    /// <summary>
    /// The membership table: first a tenant table linking the root to users by foreign keys (one on the key to the root, one
    /// to a users table outside the tenancy, in any schema, e.g. <c>auth.users</c>), then a table named like members with a
    /// user-id column, then a table of users named like one (string form, no user column).
    /// </summary>
    private static MembershipGuess? Membership(CatalogSnapshot catalog, KeyCandidate key, HashSet<TableName> tenant)
    {
        var tables = catalog.Tables.Where(t => key.Tables.Contains(t.Name) && t.Name != key.Root?.Table).ToList();
        var linked = tables
            .Select(t => (Table: t, ToUsers: t.ForeignKeys.FirstOrDefault(fk => fk.Columns.Count == 1 && IsUsersTable(fk, catalog, tenant))))
            .Where(x => x.ToUsers is not null && (key.Root is null || x.Table.ForeignKeys.Any(fk => fk.Columns.Count == 1
                && fk.Columns[0] == key.Column && fk.ReferencedTable == key.Root.Table)))
            .OrderBy(x => LooksLikeMembership(x.Table.Name.Value) ? 0 : 1)
            .ThenBy(x => x.Table.Columns.Count)
            .ThenBy(x => x.Table.Name.Value, StringComparer.Ordinal)
            .FirstOrDefault();
        if (linked.ToUsers is { } fk)
        {
            var users = fk.ReferencedSchema is { } other && other != catalog.Schema ? $"{fk.ReferencedSchema}.{fk.ReferencedTable}" : fk.ReferencedTable.Value;
            return new MembershipGuess(linked.Table.Name, fk.Columns[0],
                $"foreign keys link {key.Column} to {key.Root?.Table.Value ?? "the root"} and {fk.Columns[0]} to {users}: who belongs to which tenant");
        }

        foreach (var table in tables.Where(t => LooksLikeMembership(t.Name.Value)).OrderBy(t => Preference(t.Name.Value)).ThenBy(t => t.Name.Value, StringComparer.Ordinal))
        {
            if (table.Columns.FirstOrDefault(c => Normalized(c.Name) is "user_id" or "member_id" or "profile_id") is { } user)
            {
                return new MembershipGuess(table.Name, user.Name, $"a tenant table named like a membership table with a user column {user.Name}");
            }
        }

        foreach (var name in MembershipNames)
        {
            if (tables.FirstOrDefault(t => Normalized(t.Name.Value) == name) is { } table)
            {
                return new MembershipGuess(table.Name, null, $"a tenant table named {table.Name}: the users who belong to a tenant");
            }
        }

        return null;

        static int Preference(string name) => MembershipNames.ToList().IndexOf(Normalized(name)) is var i and >= 0 ? i : MembershipNames.Count;
    }

    /// <summary>Whether a foreign key points at a table of users outside the tenancy (auth.users, a global users/profiles table).</summary>
    private static bool IsUsersTable(ForeignKeyInfo fk, CatalogSnapshot catalog, HashSet<TableName> tenant)
    {
        var inSchema = fk.ReferencedSchema is null || fk.ReferencedSchema == catalog.Schema;
        if (inSchema && tenant.Contains(fk.ReferencedTable))
        {
            return false;
        }

        var name = Normalized(fk.ReferencedTable.Value);
        return name is "users" or "user" or "profiles" or "profile" or "accounts" or "account" or "people" or "persons"
            || (!inSchema && fk.ReferencedSchema == "auth");
    }

    private static bool LooksLikeMembership(string table)
    {
        var name = Normalized(table);
        return MembershipNames.Contains(name) || name.Contains("member", StringComparison.Ordinal)
            || name.EndsWith("_users", StringComparison.Ordinal) || name.EndsWith("_user", StringComparison.Ordinal);
    }

    /// <summary>
    /// The Supabase/PostgREST pattern: policies read <c>request.jwt.claim(s)</c> (through <c>auth.uid()</c> and the like)
    /// and the roles anon and authenticated exist; its apps connect as authenticator.
    /// </summary>
    private static (string Name, string Evidence, string? AppRole)? Preset(
        CatalogSnapshot catalog, DatabaseInspection inspection, HashSet<TableName> tenant, IReadOnlyList<SettingUse> settings)
    {
        var jwt = settings.Where(u => u.Setting.StartsWith("request.jwt.claim", StringComparison.OrdinalIgnoreCase)).ToList();
        var roles = inspection.ExistingConventionRoles;
        if (jwt.Count == 0 || !roles.Contains("anon") || !roles.Contains("authenticated"))
        {
            return null;
        }

        var functions = catalog.CallableFunctions;
        var via = catalog.Tables.Where(t => tenant.Contains(t.Name))
            .SelectMany(t => t.Policies)
            .SelectMany(p => new[] { p.Using, p.WithCheck }.OfType<string>())
            .SelectMany(SqlText.Calls)
            .SelectMany(c => functions.Where(f => f.Name == c.Name && (c.Schema is null || f.Schema.Length == 0 || f.Schema == c.Schema)))
            .Where(f => SqlText.SettingsReadBy([f.Source], functions).Any(s => s.StartsWith("request.jwt.claim", StringComparison.OrdinalIgnoreCase)))
            .Select(f => f.Schema.Length == 0 ? $"{f.Name}()" : $"{f.Schema}.{f.Name}()")
            .Distinct(StringComparer.Ordinal)
            .Take(4)
            .ToList();
        var policies = jwt.SelectMany(u => u.Policies).Distinct(StringComparer.Ordinal).Count();
        var evidence = $"{policies} {(policies == 1 ? "policy reads" : "policies read")} {string.Join(", ", jwt.Select(u => u.Setting))}"
            + (via.Count > 0 ? $" through {string.Join(", ", via)}" : "")
            + $"; roles {string.Join(", ", roles)} exist (Supabase/PostgREST)";
        return ("supabase", evidence, roles.Contains("authenticator") ? "authenticator" : null);
    }

    /// <summary>A name as snake_case lower case, to match names such as organizationId or "OrganizationMember" against organization_id.</summary>
    internal static string Normalized(string name) =>
        CamelBoundary().Replace(name, "$1_$2").ToLowerInvariant();

    private static List<NonTenantTable> OtherTables(CatalogSnapshot catalog, HashSet<TableName> tenant)
    {
        var others = catalog.Tables.Where(t => !tenant.Contains(t.Name)).ToList();
        var references = others.ToDictionary(
            t => t.Name,
            t => t.ForeignKeys.Select(fk => fk.ReferencedTable).Where(tenant.Contains).Distinct().OrderBy(n => n.Value, StringComparer.Ordinal).ToList());

        // Reference data: referenced by a tenant table, or by other reference data, and referencing no tenant table.
        var reference = new HashSet<TableName>();
        var referencedBy = new Dictionary<TableName, List<TableName>>();
        bool changed;
        do
        {
            changed = false;
            foreach (var table in others.Where(t => references[t.Name].Count == 0 && !reference.Contains(t.Name)))
            {
                var by = catalog.Tables
                    .Where(t => (tenant.Contains(t.Name) || reference.Contains(t.Name)) && t.Name != table.Name
                        && t.ForeignKeys.Any(fk => fk.ReferencedTable == table.Name))
                    .Select(t => t.Name)
                    .OrderBy(n => n.Value, StringComparer.Ordinal)
                    .ToList();
                if (by.Count > 0)
                {
                    reference.Add(table.Name);
                    referencedBy[table.Name] = by;
                    changed = true;
                }
            }
        }
        while (changed);

        return [.. others.Select(t => new NonTenantTable(
            t.Name,
            MigrationTools.Find(t.Name.Value) is not null ? NonTenantKind.MigrationHistory
                : references[t.Name].Count > 0 ? NonTenantKind.LooksLikeTenantData
                : reference.Contains(t.Name) ? NonTenantKind.ReferenceData
                : NonTenantKind.Unrelated,
            references[t.Name],
            referencedBy.GetValueOrDefault(t.Name, [])))];
    }

    private static List<SettingUse> Settings(CatalogSnapshot catalog, KeyCandidate key, HashSet<TableName> tenant)
    {
        // Settings read inside functions the policies call (e.g. current_org_id()) count as read by the policy.
        var functions = catalog.CallableFunctions;
        var uses = new Dictionary<string, (List<string> Policies, int WithKey)>(StringComparer.Ordinal);
        foreach (var table in catalog.Tables.Where(t => tenant.Contains(t.Name)))
        {
            var column = table.Name == key.Root?.Table ? key.Root.Column : key.Column;
            foreach (var policy in table.Policies)
            {
                var read = new HashSet<string>(StringComparer.Ordinal);
                var linked = new HashSet<string>(StringComparer.Ordinal);
                foreach (var expression in new[] { policy.Using, policy.WithCheck }.OfType<string>())
                {
                    foreach (var atom in BooleanOperator().Split(expression))
                    {
                        // Read in the atom or in the functions it calls, of any schema, transitively (auth.uid() -> request.jwt.claims).
                        var settings = SqlText.SettingsReadBy([atom], functions).Where(x => x.Contains('.', StringComparison.Ordinal)).ToList();
                        read.UnionWith(settings);
                        if (Regex.IsMatch(atom, $@"(?<![\w$.]){Regex.Escape(column)}(?![\w$])", RegexOptions.CultureInvariant))
                        {
                            linked.UnionWith(settings);
                        }
                    }
                }

                foreach (var setting in read)
                {
                    var use = uses.GetValueOrDefault(setting, ([], 0));
                    use.Policies.Add($"{table.Name}.{policy.Name}");
                    uses[setting] = (use.Policies, use.WithKey + (linked.Contains(setting) ? 1 : 0));
                }
            }
        }

        return [.. uses
            .Select(u => new SettingUse(u.Key, u.Value.Policies, u.Value.WithKey))
            .OrderByDescending(u => u.WithKey)
            .ThenByDescending(u => u.Policies.Count)
            .ThenBy(u => u.Setting, StringComparer.Ordinal)];
    }

    private static List<RoleCandidate> Roles(CatalogSnapshot catalog, IReadOnlyList<TableGrant> grants, HashSet<TableName> tenant)
    {
        var owners = catalog.Tables.Where(t => tenant.Contains(t.Name)).Select(t => t.Owner).ToHashSet(StringComparer.Ordinal);
        return [.. grants
            .Where(g => tenant.Contains(new TableName(g.Table)) && !g.Superuser && !owners.Contains(g.Role)
                && !g.Role.StartsWith("pg_", StringComparison.Ordinal))
            .GroupBy(g => g.Role, StringComparer.Ordinal)
            .Select(g => new RoleCandidate(
                g.Key,
                g.Select(x => x.Table).Distinct(StringComparer.Ordinal).Count(),
                [.. g.SelectMany(x => x.Privileges).Distinct(StringComparer.Ordinal).OrderBy(p => PrivilegeOrder(p))],
                g.First().CanLogin,
                g.First().BypassRls))
            .OrderByDescending(r => r.Tables)
            .ThenBy(r => r.BypassRls)
            .ThenByDescending(r => r.Privileges.Any(p => p is "INSERT" or "UPDATE" or "DELETE"))
            .ThenByDescending(r => r.CanLogin)
            .ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    private static int PrivilegeOrder(string privilege) => privilege switch
    {
        "SELECT" => 0,
        "INSERT" => 1,
        "UPDATE" => 2,
        "DELETE" => 3,
        "TRUNCATE" => 4,
        "REFERENCES" => 5,
        "TRIGGER" => 6,
        _ => 7,
    };

    private static string Abbreviate(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 12 ? string.Join(", ", list) : string.Join(", ", list.Take(12)) + $", and {list.Count - 12} more";
    }

    [GeneratedRegex("([a-z0-9])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex CamelBoundary();

    [GeneratedRegex(@"\b(?:AND|OR)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BooleanOperator();
}

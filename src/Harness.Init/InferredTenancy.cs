using Harness.Migrations;
using Harness.Model;

namespace Harness.Init;

/// <summary>What <see cref="TenancyInference"/> concluded from a schema's catalog, with the evidence for each guess.</summary>
public sealed record InferredTenancy
{
    public required string Schema { get; init; }

    /// <summary>Every tenant key candidate, best first; <see cref="Key"/> is the first unless --tenant-key chose another.</summary>
    public required IReadOnlyList<KeyCandidate> Candidates { get; init; }

    public required KeyCandidate Key { get; init; }

    /// <summary>The tenant root, or null when neither a foreign key nor a table name gave one away.</summary>
    public RootGuess? Root { get; init; }

    /// <summary>The membership table, or null when no table links the root to users and none has a users/members-like name.</summary>
    public TableName? Membership { get; init; }

    /// <summary>
    /// The membership table's column holding the user id when it links tenants to users (<c>team_members.user_id</c>,
    /// a foreign key to e.g. <c>auth.users</c>): the manifest's mapping form. Null for a table of users (string form).
    /// </summary>
    public string? MembershipUser { get; init; }

    /// <summary>Why <see cref="Membership"/> was chosen, for the manifest's comment.</summary>
    public string? MembershipEvidence { get; init; }

    /// <summary>
    /// A context preset the policies give away, e.g. <c>supabase</c> when they read <c>request.jwt.claims</c> (directly or
    /// through functions such as <c>auth.uid()</c>) and the roles anon/authenticated/authenticator exist; else null.
    /// </summary>
    public string? ContextPreset { get; init; }

    /// <summary>The evidence for <see cref="ContextPreset"/>.</summary>
    public string? ContextPresetEvidence { get; init; }

    /// <summary>The login role the preset's apps connect as (<c>authenticator</c> for Supabase/PostgREST), else null.</summary>
    public string? PresetAppRole { get; init; }

    /// <summary>The root and every table carrying the key, in name order.</summary>
    public required IReadOnlyList<TenantTableState> TenantTables { get; init; }

    /// <summary>Tables without the key (other than the root), in name order.</summary>
    public required IReadOnlyList<NonTenantTable> OtherTables { get; init; }

    /// <summary>Custom settings the tenant tables' policies read, best context candidate first.</summary>
    public required IReadOnlyList<SettingUse> Settings { get; init; }

    /// <summary>Roles other than the owners that hold privileges on tenant tables, best app-role candidate first.</summary>
    public required IReadOnlyList<RoleCandidate> Roles { get; init; }

    /// <summary>The setting compared with the tenant key in most policies, if any policy does.</summary>
    public SettingUse? ContextSetting => Settings.FirstOrDefault(s => s.WithKey > 0);
}

/// <param name="Column">The column name, e.g. <c>company_id</c>.</param>
/// <param name="Tables">Tables carrying the column.</param>
/// <param name="Root">The table most single-column foreign keys on the column point at, or a guess by name.</param>
/// <param name="Score">Tables carrying it plus foreign keys from it to the common root: higher is likelier.</param>
public sealed record KeyCandidate(string Column, IReadOnlyList<TableName> Tables, RootGuess? Root, int Score);

/// <param name="ForeignKeys">How many single-column foreign keys on the tenant key reference <see cref="Column"/>; 0 when guessed by name.</param>
public sealed record RootGuess(TableName Table, string Column, int ForeignKeys);

/// <param name="Policies">Policy names on the table.</param>
public sealed record TenantTableState(TableName Name, bool IsRoot, bool RlsEnabled, bool RlsForced, IReadOnlyList<string> Policies);

public enum NonTenantKind
{
    /// <summary>Referenced by tenant tables (or by other reference data) and referencing none: shared by every tenant.</summary>
    ReferenceData,

    /// <summary>References tenant tables but lacks the key: tenant data that cannot be isolated by the key.</summary>
    LooksLikeTenantData,

    /// <summary>No foreign key to or from a tenant table.</summary>
    Unrelated,

    /// <summary>The history table of a migration tool (see <see cref="MigrationTools"/>): shared, not tenant data.</summary>
    MigrationHistory,
}

/// <param name="References">Tenant tables it has foreign keys to.</param>
/// <param name="ReferencedBy">Tenant or reference tables with foreign keys to it.</param>
public sealed record NonTenantTable(TableName Name, NonTenantKind Kind, IReadOnlyList<TableName> References, IReadOnlyList<TableName> ReferencedBy);

/// <param name="Setting">The custom setting, e.g. <c>app.company_id</c>.</param>
/// <param name="Policies">The policies that read it, as <c>table.policy</c>.</param>
/// <param name="WithKey">How many of those compare it with the tenant key (or the root key on the root).</param>
public sealed record SettingUse(string Setting, IReadOnlyList<string> Policies, int WithKey);

/// <param name="Tables">How many tenant tables it holds a privilege on.</param>
/// <param name="Privileges">The privileges it holds on tenant tables, across all of them.</param>
public sealed record RoleCandidate(string Name, int Tables, IReadOnlyList<string> Privileges, bool CanLogin, bool BypassRls);

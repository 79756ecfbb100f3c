using Harness.Findings;
using Harness.Migrations;
using Harness.Scenarios.Survival;
using Harness.Snapshots;

namespace Harness.Tests.Survival;

/// <summary>
/// Small synthetic snapshots for the survival checks: a clean multi-tenant schema (a root <c>accounts</c>, a tenant table
/// <c>notes</c> keyed by <c>account_id</c>, a security-invoker view, a definer function with its search path) that each
/// test changes in one way.
/// </summary>
internal static class SurvivalSnapshots
{
    public const string App = "web_app";

    public static SurvivalTenancy Tenancy { get; } = new("account_id", "accounts", "id", new HashSet<string>(StringComparer.Ordinal) { "plans" }, [App]);

    public static SecurityCatalog Clean { get; } = new()
    {
        Tables =
        [
            new("accounts", "r", null, true, true, "owner"),
            new("events", "p", null, true, true, "owner"),
            new("events_2025", "r", "events", true, true, "owner"),
            new("notes", "r", null, true, true, "owner"),
            new("plans", "r", null, false, false, "owner"),
        ],
        Columns =
        [
            new("accounts", "id", "uuid", false, "gen_random_uuid()"),
            new("events", "account_id", "uuid", false, null),
            new("events_2025", "account_id", "uuid", false, null),
            new("notes", "account_id", "uuid", false, null),
            new("notes", "body", "text", true, null),
            new("plans", "name", "text", false, null),
        ],
        Policies =
        [
            new("accounts", "tenant", "ALL", ["web_app"], true, "(id = current_tenant())", null),
            new("events", "tenant", "ALL", ["web_app"], true, "(account_id = current_tenant())", null),
            new("events_2025", "tenant", "ALL", ["web_app"], true, "(account_id = current_tenant())", null),
            new("notes", "tenant", "ALL", ["web_app"], true, "(account_id = current_tenant())", null),
        ],
        Privileges =
        [
            new("table", "notes", null, App, "SELECT"),
            new("table", "notes", null, App, "INSERT"),
            new("function", "note_count(uuid)", null, App, "EXECUTE"),
        ],
        Views = [new("note_titles", false, true, false, ["notes"], "owner")],
        Functions = [new("note_count(uuid)", true, "pg_catalog", "owner")],
        ForeignKeys = [new("notes", "notes_account_fk", ["account_id"], "accounts", ["id"])],
    };

    public static DatabaseSnapshot Snapshot(SecurityCatalog security, params TenantTableDigest[] data) =>
        new() { Schema = "app", TenantKey = "account_id", Security = security, Data = data };

    public static StepInput Step(SecurityCatalog after, SecurityCatalog? before = null, string? text = null) =>
        Step(Snapshot(before ?? Clean), Snapshot(after), text);

    public static StepInput Step(DatabaseSnapshot before, DatabaseSnapshot after, string? text = null) =>
        new(new MigrationStep("007_change.sql", "/repo/migrations/007_change.sql"), "007_change.sql", before, after, SnapshotDiff.Between(before, after), Tenancy,
            (_, names) => text is not null && names.Count > 0 && names.All(n => text.Contains(n, StringComparison.Ordinal)) ? new SourceFile("/repo/migrations/007_change.sql", 3) : null);

    public static IReadOnlyList<Finding> FindingsOf(StepInput input, Rule rule) =>
        [.. CatalogSurvivalChecks.Run(input).Where(f => f.Rule == rule).Select(f => f.Finding)];

    public static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> items, Func<T, bool> match, Func<T, T> change) =>
        [.. items.Select(i => match(i) ? change(i) : i)];
}

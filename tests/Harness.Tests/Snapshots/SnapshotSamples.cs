using Harness.Snapshots;

namespace Harness.Tests.Snapshots;

/// <summary>Snapshots built in memory, for the tests of the diff and the JSON that need no database.</summary>
internal static class SnapshotSamples
{
    public static DatabaseSnapshot Baseline() => new()
    {
        Schema = "app",
        TenantKey = "tenant_id",
        TakenAt = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero),
        Lsn = "0/16B3748",
        Security = new SecurityCatalog
        {
            Tables =
            [
                new TableSecurity("events", "p", null, true, true, "owner"),
                new TableSecurity("events_2026", "r", "events", true, true, "owner"),
                new TableSecurity("sites", "r", null, true, true, "owner"),
            ],
            Columns =
            [
                new ColumnSnapshot("sites", "id", "integer", false, "nextval('sites_id_seq'::regclass)"),
                new ColumnSnapshot("sites", "tenant_id", "uuid", false, null),
            ],
            Policies = [new PolicySnapshot("sites", "sites_tenant", "ALL", ["app"], true, "(tenant_id = current_tenant())", null)],
            Privileges =
            [
                new PrivilegeSnapshot("column", "sites", "name", "app", "UPDATE"),
                new PrivilegeSnapshot("table", "sites", null, "app", "SELECT"),
            ],
            DefaultPrivileges = [new DefaultPrivilegeSnapshot("owner", "tables", true, "app", "SELECT")],
            Views = [new ViewSnapshot("site_names", false, true, false, ["sites"], "owner")],
            Functions = [new FunctionSnapshot("site_count(t uuid)", true, "pg_catalog", "owner")],
            ForeignKeys = [new ForeignKeySnapshot("sites", "sites_tenant_fkey", ["tenant_id"], "tenants", ["id"])],
            Indexes = [new IndexSnapshot("sites", "sites_pkey", ["id"], true)],
            Roles = [new RoleSnapshot("app", false, false, true), new RoleSnapshot("owner", false, false, false)],
        },
        Data =
        [
            new TenantTableDigest("sites", "t1", 2, 10m, 100m),
            new TenantTableDigest("sites", "t2", 1, 20m, 200m),
            new TenantTableDigest("sites", null, 1, 30m, 300m),
        ],
        Canaries =
        [
            new CanaryPlacement("cnry-t0001-r0001-x", "sites", "t1"),
            new CanaryPlacement("cnry-t0002-r0001-x", "sites", "t2"),
        ],
    };
}

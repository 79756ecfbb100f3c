using Harness.Snapshots;

namespace Harness.Tests.Drills.Verify;

/// <summary>
/// A tenant layout unlike the sample's: tenants are <c>orgs</c> keyed by a text <c>code</c>, tables carry it as
/// <c>org_ref</c>; <c>tasks</c> is reached only through a foreign key to <c>projects</c>; <c>documents</c> has a composite
/// key that includes the tenant key; <c>audit_log</c> carries the key without a foreign key (so a key of no tenant can be
/// there). Row-level security is forced on projects and documents with policies to a role of the layout's own.
/// </summary>
internal static class OrgLayout
{
    public const string CanaryAcme = "cnry-t0001-r0001-rv";
    public const string CanaryGlobex = "cnry-t0002-r0001-rv";

    public static SnapshotScope Scope { get; } = new()
    {
        TenantKey = "org_ref",
        Root = new SnapshotRoot("orgs", "code"),
        Canaries = [CanaryAcme, CanaryGlobex],
    };

    /// <summary>A role name unique to one test (roles are the server's).</summary>
    public static string NewRole() => $"rv_app_{Guid.NewGuid():N}"[..20];

    public static Func<string, CancellationToken, Task> Build(string role) => (connection, token) => RestoreDatabases.Execute(connection, $"""
        CREATE ROLE "{role}" NOLOGIN;
        CREATE TABLE orgs (code text PRIMARY KEY, name text NOT NULL);
        CREATE TABLE projects (id bigint PRIMARY KEY, org_ref text NOT NULL REFERENCES orgs (code), name text NOT NULL);
        CREATE TABLE tasks (id int PRIMARY KEY, project_id bigint NOT NULL REFERENCES projects (id), title text);
        CREATE TABLE documents (org_ref text NOT NULL REFERENCES orgs (code), doc_no int, body text, PRIMARY KEY (org_ref, doc_no));
        CREATE TABLE audit_log (id bigint PRIMARY KEY, org_ref text, note text);
        ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
        ALTER TABLE projects FORCE ROW LEVEL SECURITY;
        CREATE POLICY projects_org ON projects TO "{role}" USING (org_ref = current_setting('app.org', true));
        ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
        ALTER TABLE documents FORCE ROW LEVEL SECURITY;
        CREATE POLICY documents_org ON documents TO "{role}" USING (org_ref = current_setting('app.org', true));
        GRANT USAGE ON SCHEMA app TO "{role}";
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO "{role}";
        INSERT INTO orgs VALUES ('acme', 'Acme'), ('globex', 'Globex'), ('initech', 'Initech');
        INSERT INTO projects VALUES (1, 'acme', 'a1'), (2, 'acme', 'a2'), (3, 'acme', 'a3'),
                                    (4, 'globex', 'g1'), (5, 'globex', 'g2'), (6, 'globex', 'g3'),
                                    (7, 'initech', 'i1'), (8, 'initech', 'i2'), (9, 'initech', 'i3');
        INSERT INTO tasks VALUES (1, 1, 'plan'), (2, 4, 'plan'), (3, 7, 'plan');
        INSERT INTO documents VALUES ('acme', 1, 'contract {CanaryAcme}'), ('acme', 2, 'invoice'),
                                     ('globex', 1, 'contract {CanaryGlobex}'), ('initech', 1, 'memo');
        INSERT INTO audit_log VALUES (1, 'acme', 'created'), (2, 'globex', 'created'), (3, NULL, 'system start');
        """, token);
}

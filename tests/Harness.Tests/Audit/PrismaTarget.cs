using Harness.Catalog;
using Harness.Model;
using Harness.Running;
using Harness.Scenarios.Audit;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Audit;

/// <summary>
/// A second target, built unlike the sample: Prisma's quoted mixed-case names ("Workspace", "Task", key "workspaceId"),
/// text ids, Prisma's unique indexes instead of constraints, a _prisma_migrations table, a hash-partitioned table,
/// an app role of the test's own and policies with an extra ANDed setting. Clean, it gives no finding.
/// </summary>
public sealed record PrismaTarget(string Schema, string AppRole, TenancyModel Model, CatalogSnapshot Catalog, ScenarioResult Result)
{
    /// <summary>The tenant context the policies read.</summary>
    public const string ContextSetting = "app.workspace_id";

    /// <summary>The clean schema; {app} is the app role.</summary>
    private const string CleanSql = """
        CREATE TABLE "_prisma_migrations" (
            "id" VARCHAR(36) NOT NULL, "checksum" VARCHAR(64) NOT NULL, "migration_name" VARCHAR(255) NOT NULL,
            "finished_at" TIMESTAMPTZ, "applied_steps_count" INTEGER NOT NULL DEFAULT 0,
            CONSTRAINT "_prisma_migrations_pkey" PRIMARY KEY ("id"));
        CREATE TABLE "Workspace" ("id" TEXT NOT NULL, "name" TEXT NOT NULL, "slug" TEXT NOT NULL, CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id"));
        CREATE UNIQUE INDEX "Workspace_slug_key" ON "Workspace"("slug");
        CREATE TABLE "Project" ("id" TEXT NOT NULL, "workspaceId" TEXT NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "Project_pkey" PRIMARY KEY ("id"));
        CREATE UNIQUE INDEX "Project_workspaceId_id_key" ON "Project"("workspaceId", "id");
        CREATE UNIQUE INDEX "Project_workspaceId_name_key" ON "Project"("workspaceId", "name");
        CREATE TABLE "Task" (
            "id" TEXT NOT NULL, "workspaceId" TEXT NOT NULL, "projectId" TEXT NOT NULL, "title" TEXT NOT NULL, "externalRef" TEXT,
            CONSTRAINT "Task_pkey" PRIMARY KEY ("id"));
        CREATE INDEX "Task_workspaceId_projectId_idx" ON "Task"("workspaceId", "projectId");
        ALTER TABLE "Project" ADD CONSTRAINT "Project_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
        ALTER TABLE "Task" ADD CONSTRAINT "Task_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
        ALTER TABLE "Task" ADD CONSTRAINT "Task_workspaceId_projectId_fkey" FOREIGN KEY ("workspaceId", "projectId") REFERENCES "Project"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
        CREATE TABLE "Event" ("workspaceId" TEXT NOT NULL, "id" TEXT NOT NULL, "kind" TEXT NOT NULL, CONSTRAINT "Event_pkey" PRIMARY KEY ("workspaceId", "id"))
            PARTITION BY HASH ("workspaceId");
        CREATE TABLE "Event_p0" PARTITION OF "Event" FOR VALUES WITH (MODULUS 2, REMAINDER 0);
        CREATE TABLE "Event_p1" PARTITION OF "Event" FOR VALUES WITH (MODULUS 2, REMAINDER 1);
        CREATE VIEW "TaskSummary" WITH (security_invoker = true) AS SELECT "workspaceId", count(*) AS "tasks" FROM "Task" GROUP BY "workspaceId";

        ALTER TABLE "Workspace" ENABLE ROW LEVEL SECURITY;
        ALTER TABLE "Workspace" FORCE ROW LEVEL SECURITY;
        CREATE POLICY "Workspace_tenant" ON "Workspace" USING ("id" = current_setting('app.workspace_id', true))
            WITH CHECK ("id" = current_setting('app.workspace_id', true));
        DO $$
        DECLARE
            t text;
        BEGIN
            FOREACH t IN ARRAY ARRAY['Project', 'Task', 'Event'] LOOP
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
                -- A suspended session sees nothing: a second setting that narrows access, never widens it.
                EXECUTE format($p$CREATE POLICY %I ON %I
                    USING ("workspaceId" = current_setting('app.workspace_id', true)
                           AND current_setting('app.role', true) IS DISTINCT FROM 'suspended')
                    WITH CHECK ("workspaceId" = current_setting('app.workspace_id', true))$p$, t || '_tenant', t);
            END LOOP;
        END $$;
        -- Partitions shut direct queries out: RLS on, no policy.
        ALTER TABLE "Event_p0" ENABLE ROW LEVEL SECURITY;
        ALTER TABLE "Event_p0" FORCE ROW LEVEL SECURITY;
        ALTER TABLE "Event_p1" ENABLE ROW LEVEL SECURITY;
        ALTER TABLE "Event_p1" FORCE ROW LEVEL SECURITY;

        GRANT USAGE ON SCHEMA "{schema}" TO "{app}";
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{app}";
        ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{app}";
        """;

    /// <summary>
    /// Creates a schema and three roles of the test's own ({app}, NOLOGIN; {writer}, NOLOGIN; {owner}, LOGIN), applies the
    /// clean schema then <paramref name="flawSql"/> (with {schema}, {app}, {writer}, {owner} replaced), reads the catalog
    /// and runs the audit. The schema and the roles are dropped afterwards.
    /// </summary>
    public static async Task<PrismaTarget> AuditAsync(PostgresFixture fixture, string? flawSql, CancellationToken cancellationToken)
    {
        var schema = await fixture.CreateSchemaAsync("prisma", cancellationToken);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var roles = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{schema}"] = schema,
            ["{app}"] = $"prisma_app_{suffix}",
            ["{writer}"] = $"prisma_writer_{suffix}",
            ["{owner}"] = $"prisma_owner_{suffix}",
        };
        try
        {
            await using var connection = new NpgsqlConnection(fixture.ConnectionStringFor(schema));
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, Fill(roles, """
                CREATE ROLE "{app}" NOLOGIN NOSUPERUSER NOBYPASSRLS;
                CREATE ROLE "{writer}" NOLOGIN NOSUPERUSER NOBYPASSRLS;
                CREATE ROLE "{owner}" LOGIN NOSUPERUSER NOBYPASSRLS;
                """), cancellationToken);
            await ExecuteAsync(connection, Fill(roles, CleanSql), cancellationToken);
            if (flawSql is not null)
            {
                await ExecuteAsync(connection, Fill(roles, flawSql), cancellationToken);
            }

            var appRole = roles["{app}"];
            var catalog = await CatalogReader.ReadAsync(connection, schema, appRole, cancellationToken);
            var model = IntrospectedModel.For(
                catalog, "workspaceId", new TableName("Workspace"), ContextSetting, appRole, new TableName("_prisma_migrations"));
            var result = CatalogAudit.Run(model, catalog, null, cancellationToken);
            return new PrismaTarget(schema, appRole, model, catalog, result);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(fixture.AdminConnectionString);
            await admin.OpenAsync(cancellationToken);
            await ExecuteAsync(admin, Fill(roles, """DROP SCHEMA IF EXISTS "{schema}" CASCADE"""), cancellationToken);
            foreach (var role in new[] { roles["{app}"], roles["{writer}"], roles["{owner}"] })
            {
                await ExecuteAsync(admin, $"""
                    DO $$
                    BEGIN
                        IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                            DROP OWNED BY "{role}";
                            DROP ROLE "{role}";
                        END IF;
                    END $$;
                    """, cancellationToken);
            }
        }
    }

    /// <summary>Replaces {schema}, {app}, {writer} and {owner} with this run's names.</summary>
    public static string Fill(IReadOnlyDictionary<string, string> names, string text) =>
        names.Aggregate(text, (current, name) => current.Replace(name.Key, name.Value, StringComparison.Ordinal));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

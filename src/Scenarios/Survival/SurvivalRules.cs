using Harness.Findings;

namespace Harness.Scenarios.Survival;

/// <summary>The rules of migration survival: what a later migration may not do to tenant isolation or to tenants' data.</summary>
public static class SurvivalRules
{
    public static readonly Rule RlsRemoved = new(
        "MIG001", "Row-level security disabled or FORCE removed by a migration", Severity.Critical,
        "Keep ENABLE and FORCE ROW LEVEL SECURITY on every tenant table; a table rebuilt or swapped must get them again in the same migration.");

    public static readonly Rule NewTenantTableUnprotected = new(
        "MIG002", "A table became a tenant table without row-level security and a policy in the same migration", Severity.Critical,
        "Enable (and force) row-level security and create the tenant policy in the migration that creates the table or adds its tenant key.");

    public static readonly Rule PartitionUnprotected = new(
        "MIG003", "A partition of a tenant table without row-level security or policies", Severity.Critical,
        "PostgreSQL does not carry row-level security to partitions: enable it and create the policies on each partition a role can read directly, or revoke access to the partitions.");

    public static readonly Rule MatrixRegressed = new(
        "MIG004", "A migration made the RLS matrix allow what it denied at the baseline", Severity.High,
        "Read the policy the migration changed: the quick RLS matrix now reaches another tenant's rows where the baseline denied it.");

    public static readonly Rule PolicyWidened = new(
        "MIG005", "Policy roles widened or a new permissive policy on a tenant table", Severity.High,
        "Permissive policies are OR-ed: a new one on a tenant table (or one applied to more roles) widens what every role sees. Make it RESTRICTIVE or fold it into the tenant policy.");

    public static readonly Rule GrantWidened = new(
        "MIG006", "Privileges widened to PUBLIC or the app role", Severity.High,
        "Grant the app role only what the app needs, never to PUBLIC; revoke what the migration added.");

    public static readonly Rule ViewLostInvoker = new(
        "MIG007", "A view lost security_invoker, or a new view over tenant tables runs as its owner", Severity.High,
        "Recreate the view WITH (security_invoker = true) (and security_barrier where it had it) whenever it is dropped and created again.");

    public static readonly Rule FunctionWidened = new(
        "MIG008", "A function became SECURITY DEFINER, lost its search_path, or got EXECUTE for PUBLIC", Severity.High,
        "Keep functions SECURITY INVOKER where possible; a SECURITY DEFINER function needs SET search_path and EXECUTE revoked from PUBLIC.");

    public static readonly Rule TenantKeyWeakened = new(
        "MIG009", "The tenant key made nullable, retyped, defaulted or dropped from a foreign key", Severity.High,
        "Keep the tenant key NOT NULL, of one type, without a default, and part of every foreign key between tenant tables.");

    public static readonly Rule TenantDataMoved = new(
        "MIG010", "A tenant's rows or canaries changed tenant, vanished or were duplicated", Severity.Critical,
        "Data migrations must keep every row with its tenant: join on the tenant key, copy every tenant, and list intended data changes under survival.expectedDataChanges.");

    public static readonly Rule BackfillFilteredByRls = new(
        "MIG011", "A migration relied on RLS-filtered statements, or a backfill skipped tenants", Severity.High,
        "Run data migrations as a role that is not subject to row-level security (or with row_security = off and the right role), and backfill every tenant.");

    public static readonly Rule LintedStatement = new(
        "MIG013", "A migration statement that often breaks isolation", Severity.Info,
        "Review the statement: it disables or drops row-level security, copies a table without its policies, or widens access.");

    public static IReadOnlyList<Rule> All { get; } =
    [
        RlsRemoved, NewTenantTableUnprotected, PartitionUnprotected, MatrixRegressed, PolicyWidened, GrantWidened, ViewLostInvoker,
        FunctionWidened, TenantKeyWeakened, TenantDataMoved, BackfillFilteredByRls, LintedStatement,
    ];
}

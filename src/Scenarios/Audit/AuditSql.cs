using Harness.Model;
using Harness.Sql;

namespace Harness.Scenarios.Audit;

/// <summary>Read-only catalog queries that show a finding again, with names quoted for the schema under test.</summary>
internal static class AuditSql
{
    /// <summary>A <c>regclass</c> literal for a relation of the schema, e.g. <c>'"s"."sign_ins"'::regclass</c>.</summary>
    public static string RegClass(string schema, TableName relation) => SqlLiteral.Quote(SqlIdentifier.Quote(schema, relation.Value)) + "::regclass";

    public static string Table(string schema, TableName table) =>
        "SELECT c.relname, pg_get_userbyid(c.relowner) AS owner, c.relrowsecurity, c.relforcerowsecurity "
        + $"FROM pg_class c WHERE c.oid = {RegClass(schema, table)};";

    public static string Policies(string schema, TableName table) =>
        "SELECT policyname, permissive, roles, cmd, qual AS using_expression, with_check FROM pg_policies "
        + $"WHERE schemaname = {SqlLiteral.Quote(schema)} AND tablename = {SqlLiteral.Quote(table.Value)} ORDER BY policyname;";

    public static string Columns(string schema, TableName table) =>
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull FROM pg_attribute a "
        + $"WHERE a.attrelid = {RegClass(schema, table)} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;";

    public static string ForeignKeys(string schema, TableName table) =>
        "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint "
        + $"WHERE conrelid = {RegClass(schema, table)} AND contype = 'f' ORDER BY conname;";

    public static string Indexes(string schema, TableName table) =>
        "SELECT indexrelid::regclass AS index, pg_get_indexdef(indexrelid) AS definition FROM pg_index "
        + $"WHERE indrelid = {RegClass(schema, table)} ORDER BY 1;";

    public static string Function(string schema, string name, string appRole) =>
        "SELECT p.oid::regprocedure AS function, pg_get_userbyid(p.proowner) AS owner, p.prosecdef AS security_definer, "
        + $"has_function_privilege({SqlLiteral.Quote(appRole)}, p.oid, 'EXECUTE') AS app_can_execute, p.prosrc AS body FROM pg_proc p "
        + $"WHERE p.pronamespace = {SqlLiteral.Quote(SqlIdentifier.Quote(schema))}::regnamespace AND p.proname = {SqlLiteral.Quote(name)};";

    public static string View(string schema, TableName view, string appRole) =>
        "SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner) AS owner, c.reloptions, "
        + $"has_table_privilege({SqlLiteral.Quote(appRole)}, c.oid, 'SELECT') AS app_can_select, pg_get_viewdef(c.oid) AS definition "
        + $"FROM pg_class c WHERE c.oid = {RegClass(schema, view)};";

    public static string Role(string role) =>
        $"SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = {SqlLiteral.Quote(role)};";

    /// <summary>Every privilege on a relation, and whether its grantee's privileges reach the app role (PUBLIC, itself, or a role it is a member of).</summary>
    public static string Grants(string schema, TableName relation, string appRole) =>
        "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee, a.privilege_type, "
        + $"pg_get_userbyid(a.grantor) AS grantor, a.grantee = 0 OR pg_has_role({SqlLiteral.Quote(appRole)}, a.grantee, 'MEMBER') AS reaches_app_role "
        + "FROM pg_class c CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a "
        + $"WHERE c.oid = {RegClass(schema, relation)} ORDER BY 1, 2;";

    /// <summary>The table's owner and its role attributes, next to the table's RLS flags.</summary>
    public static string TableOwner(string schema, TableName table) =>
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, o.rolname AS owner, o.rolcanlogin, o.rolsuper, o.rolbypassrls "
        + $"FROM pg_class c JOIN pg_roles o ON o.oid = c.relowner WHERE c.oid = {RegClass(schema, table)};";

    /// <summary>A partition, the table it is attached to, its RLS flags and policies count.</summary>
    public static string Partition(string schema, TableName partition) =>
        "SELECT c.relname AS partition, i.inhparent::regclass AS partition_of, c.relrowsecurity, c.relforcerowsecurity, "
        + "(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies "
        + $"FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid WHERE c.oid = {RegClass(schema, partition)};";

    /// <summary>The default privileges new tables get in the schema, or in every schema.</summary>
    public static string DefaultPrivileges(string schema) =>
        "SELECT pg_get_userbyid(d.defaclrole) AS creator, CASE WHEN d.defaclnamespace = 0 THEN '(every schema)' "
        + "ELSE d.defaclnamespace::regnamespace::text END AS schema, d.defaclacl FROM pg_default_acl d "
        + $"WHERE d.defaclobjtype = 'r' AND d.defaclnamespace IN (0, {SqlLiteral.Quote(SqlIdentifier.Quote(schema))}::regnamespace) ORDER BY 1, 2;";
}

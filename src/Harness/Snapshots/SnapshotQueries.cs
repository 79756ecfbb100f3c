namespace Harness.Snapshots;

/// <summary>
/// The system-catalog queries behind <see cref="SnapshotReader"/> that <c>CatalogQueries</c> has no equal of; all take
/// <c>@schema</c>. Names inside the schema are bare, names outside it are schema-qualified; a function is named by its
/// identity signature (<c>name(arg type, ...)</c>) everywhere.
/// </summary>
internal static class SnapshotQueries
{
    private const string FunctionSignature = "p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'";

    private const string Grantee = "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END";

    /// <summary>The server's clock, its WAL insert position (NULL on a standby, where it cannot be asked), and whether the schema exists.</summary>
    public const string Clock = """
        SELECT now(), CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_insert_lsn()::text END,
               EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)
        """;

    /// <summary>
    /// Every column of the schema's tables and partitions: type as <c>format_type</c> prints it, nullable, default as
    /// <c>pg_get_expr</c> prints it, and whether its text may hold a canary (string, user-defined such as json, or array).
    /// </summary>
    public const string Columns = """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), t.typcategory IN ('S', 'U', 'A')
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attname
        """;

    /// <summary>
    /// Every privilege, one row per grantee and privilege: on relations (an ACL never set is its owner's default), columns
    /// (only those granted), functions (a NULL ACL is the default: EXECUTE to PUBLIC and the owner, listed as such so a
    /// diff sees it) and the schema itself.
    /// </summary>
    public const string Privileges = $"""
        SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'table' END,
               c.relname::text, NULL::text, {Grantee}, a.privilege_type
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) a
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        UNION ALL
        SELECT 'column', c.relname::text, att.attname::text, {Grantee}, a.privilege_type
        FROM pg_attribute att
        JOIN pg_class c ON c.oid = att.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL aclexplode(att.attacl) a
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm') AND att.attnum > 0 AND NOT att.attisdropped
              AND att.attacl IS NOT NULL
        UNION ALL
        SELECT 'function', {FunctionSignature}, NULL::text, {Grantee}, a.privilege_type
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
        WHERE n.nspname = @schema AND p.prokind IN ('f', 'p')
        UNION ALL
        SELECT 'schema', n.nspname::text, NULL::text, {Grantee}, a.privilege_type
        FROM pg_namespace n
        CROSS JOIN LATERAL aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
        WHERE n.nspname = @schema
        """;

    /// <summary>Default privileges (pg_default_acl) for objects created in the schema or in every schema (namespace 0).</summary>
    public const string DefaultPrivileges = $"""
        SELECT pg_get_userbyid(d.defaclrole)::text,
               CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                    WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END,
               d.defaclnamespace <> 0, {Grantee}, a.privilege_type
        FROM pg_default_acl d
        CROSS JOIN LATERAL aclexplode(d.defaclacl) a
        WHERE d.defaclnamespace = 0 OR d.defaclnamespace = (SELECT oid FROM pg_namespace WHERE nspname = @schema)
        """;

    /// <summary>
    /// Views and materialized views with their options (every spelling PostgreSQL accepts as true) and the tables they
    /// read, followed through the views they read (the rewrite rules' dependencies).
    /// </summary>
    public const string Views = Catalog.CatalogQueries.ViewReads + "\n" + """
        SELECT v.relname, v.relkind = 'm',
               coalesce(EXISTS (SELECT 1 FROM unnest(v.reloptions) o
                                WHERE o ~* '^security_invoker=(t|tr|tru|true|y|ye|yes|on|1)$'), false),
               coalesce(EXISTS (SELECT 1 FROM unnest(v.reloptions) o
                                WHERE o ~* '^security_barrier=(t|tr|tru|true|y|ye|yes|on|1)$'), false),
               ARRAY(SELECT DISTINCT CASE WHEN t.relnamespace = n.oid THEN t.relname::text ELSE tn.nspname || '.' || t.relname END
                     FROM reads
                     JOIN pg_class t ON t.oid = reads.rel_oid
                     JOIN pg_namespace tn ON tn.oid = t.relnamespace
                     WHERE reads.view_oid = v.oid AND t.relkind IN ('r', 'p')
                     ORDER BY 1),
               pg_get_userbyid(v.relowner)
        FROM pg_class v JOIN pg_namespace n ON n.oid = v.relnamespace
        WHERE n.nspname = @schema AND v.relkind IN ('v', 'm')
        ORDER BY v.relname
        """;

    /// <summary>Functions and procedures: signature, SECURITY DEFINER, their own <c>search_path</c> setting, owner.</summary>
    public const string Functions = $"""
        SELECT {FunctionSignature}, p.prosecdef,
               (SELECT substr(s, length('search_path=') + 1) FROM unnest(p.proconfig) s WHERE s LIKE 'search\_path=%' LIMIT 1),
               pg_get_userbyid(p.proowner)
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = @schema AND p.prokind IN ('f', 'p')
        ORDER BY 1
        """;

    /// <summary>The attributes that bypass isolation of the roles named in <c>@names</c>.</summary>
    public const string Roles = """
        SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ANY(@names) ORDER BY 1
        """;
}

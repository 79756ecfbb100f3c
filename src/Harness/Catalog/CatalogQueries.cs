namespace Harness.Catalog;

/// <summary>The system-catalog queries behind <see cref="CatalogReader"/>; all take <c>@schema</c>.</summary>
internal static class CatalogQueries
{
    /// <remarks>
    /// Besides the table, its owner's role attributes (an owner bypasses RLS unless it is forced) and, for a
    /// partition, the partitioned table it is attached to (a partition queried directly applies only its own RLS).
    /// </remarks>
    public const string Tables = """
        SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity,
               o.rolcanlogin, o.rolsuper, o.rolbypassrls, c.relkind = 'p',
               (SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                WHERE c.relispartition AND i.inhrelid = c.oid)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_roles o ON o.oid = c.relowner
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
        """;

    /// <summary>
    /// Every privilege on the schema's tables, views and materialized views, one row per grantee and privilege
    /// (<c>PUBLIC</c> for grants to everyone). A relation without an ACL has its owner's default privileges.
    /// </summary>
    public const string Grants = """
        SELECT c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
               a.privilege_type, pg_get_userbyid(a.grantor)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm')
        ORDER BY c.relname, 2, a.privilege_type
        """;

    /// <summary>
    /// Default privileges (pg_default_acl) for tables created in the schema, or in every schema (namespace 0),
    /// one row per creating role, grantee and privilege.
    /// </summary>
    public const string DefaultPrivileges = """
        SELECT pg_get_userbyid(d.defaclrole), d.defaclnamespace = 0,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
        FROM pg_default_acl d
        CROSS JOIN LATERAL aclexplode(d.defaclacl) a
        WHERE d.defaclobjtype = 'r'
          AND (d.defaclnamespace = 0 OR d.defaclnamespace = (SELECT oid FROM pg_namespace WHERE nspname = @schema))
        ORDER BY 1, 2, 3, 4
        """;

    /// <summary>A role's attributes and every role it is a member of, directly or through other roles (it may SET ROLE to them).</summary>
    public const string Role = """
        SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcanlogin,
               ARRAY(WITH RECURSIVE member_of(roleid) AS (
                         SELECT m.roleid FROM pg_auth_members m WHERE m.member = r.oid
                       UNION
                         SELECT m.roleid FROM pg_auth_members m JOIN member_of ON m.member = member_of.roleid)
                     SELECT g.rolname::text FROM member_of JOIN pg_roles g ON g.oid = member_of.roleid ORDER BY 1)
        FROM pg_roles r
        WHERE r.rolname = @role
        """;

    public const string Columns = """
        SELECT c.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),
               CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END,
               a.attnotnull, a.atthasdef, a.attidentity <> '', a.attgenerated <> '',
               CASE WHEN t.typtype = 'e' THEN
                   ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
               END,
               CASE WHEN a.atttypmod > 4 AND t.typname IN ('varchar', 'bpchar') THEN a.atttypmod - 4 END
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum
        """;

    public const string PrimaryKeys = """
        SELECT c.relname,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = @schema AND con.contype = 'p'
        """;

    public const string Checks = """
        SELECT c.relname, con.conname,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
               pg_get_constraintdef(con.oid)
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = @schema AND con.contype = 'c'
        ORDER BY c.relname, con.conname
        """;

    public const string ForeignKeys = """
        SELECT c.relname, con.conname,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
               rc.relname,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
               rn.nspname
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class rc ON rc.oid = con.confrelid
        JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE n.nspname = @schema AND con.contype = 'f'
        ORDER BY c.relname, con.conname
        """;

    public const string Indexes = """
        SELECT c.relname, ic.relname,
               ARRAY(SELECT CASE WHEN k.attnum = 0 THEN '(expression)' ELSE a.attname::text END
                     FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                     WHERE k.ord <= i.indnkeyatts ORDER BY k.ord),
               i.indisunique, i.indisprimary,
               EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid)
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = @schema
        ORDER BY c.relname, ic.relname
        """;

    public const string Policies = """
        SELECT c.relname, p.polname,
               CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                             WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
               p.polpermissive,
               ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) r),
               pg_get_expr(p.polqual, p.polrelid),
               pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_policy p
        JOIN pg_class c ON c.oid = p.polrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = @schema
        ORDER BY c.relname, p.polname
        """;

    /// <summary>What both function queries read of a function: name, signature, owner, language, definer, body, whether the role may call it, schema, argument names.</summary>
    private const string FunctionColumns = """
        SELECT p.proname, p.proname || '(' || oidvectortypes(p.proargtypes) || ')',
               pg_get_userbyid(p.proowner), l.lanname, p.prosecdef, coalesce(p.prosrc, ''),
               coalesce(CASE WHEN @role::text IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role::text) THEN false
                    ELSE has_function_privilege(@role::text, p.oid, 'EXECUTE') AND has_schema_privilege(@role::text, n.oid, 'USAGE')
               END, false),
               n.nspname, coalesce(p.proargnames::text[], '{}'::text[])
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_language l ON l.oid = p.prolang
        """ + "\n";

    public const string Functions = FunctionColumns + """
        WHERE n.nspname = @schema AND p.prokind IN ('f', 'p')
        ORDER BY 2
        """;

    /// <summary>
    /// The common table expression <c>reads(view_oid, rel_oid)</c>: every relation each view and materialized view of
    /// <c>@schema</c> reads, followed through the views it reads (the rewrite rules' dependencies). Shared by the audit's
    /// and the snapshots' view queries.
    /// </summary>
    internal const string ViewReads = """
        WITH RECURSIVE reads(view_oid, rel_oid) AS (
            SELECT r.ev_class, d.refobjid
            FROM pg_rewrite r
            JOIN pg_class v ON v.oid = r.ev_class
            JOIN pg_namespace n ON n.oid = v.relnamespace
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
            WHERE n.nspname = @schema AND v.relkind IN ('v', 'm') AND d.refobjid <> r.ev_class
          UNION
            SELECT reads.view_oid, d.refobjid
            FROM reads
            JOIN pg_class mid ON mid.oid = reads.rel_oid AND mid.relkind IN ('v', 'm')
            JOIN pg_rewrite r ON r.ev_class = mid.oid
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
            WHERE d.refobjid <> r.ev_class
        )
        """;

    /// <summary>
    /// The functions of every other schema a policy may call (Supabase's <c>auth.uid()</c>, helpers in <c>app_private</c>),
    /// same columns as <see cref="Functions"/>: system schemas, other workers' schemas (another run's functions must never
    /// stand in for the app's) and functions that belong to an extension are left out. A function dropped while it is read
    /// (another session's) counts as not callable rather than failing the read.
    /// </summary>
    public const string OtherSchemaFunctions = FunctionColumns + """
        WHERE n.nspname <> @schema AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
          AND n.nspname !~ '^h_[0-9a-z]{8}_w[0-9]{1,4}$'
          AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        ORDER BY n.nspname, 2
        """;

    /// <remarks>
    /// A view's tables are followed through the views and materialized views it reads, so a view over a view
    /// over a tenant table still names that table. <c>security_invoker</c> is stored as written (<c>on</c>,
    /// <c>yes</c>, <c>t</c>, <c>TRUE</c>...), so every spelling PostgreSQL accepts as true is recognised.
    /// </remarks>
    public const string Views = ViewReads + "\n" + """
        SELECT v.relname, pg_get_userbyid(v.relowner),
               v.relkind = 'v' AND coalesce(EXISTS (SELECT 1 FROM unnest(v.reloptions) o
                                WHERE o ~* '^security_invoker=(t|tr|tru|true|y|ye|yes|on|1)$'), false),
               ARRAY(SELECT DISTINCT t.relname::text
                     FROM reads JOIN pg_class t ON t.oid = reads.rel_oid
                     WHERE reads.view_oid = v.oid AND t.relkind IN ('r', 'p') AND t.relnamespace = n.oid
                     ORDER BY 1),
               CASE WHEN @role::text IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role::text) THEN false
                    ELSE has_any_column_privilege(@role::text, v.oid, 'SELECT') AND has_schema_privilege(@role::text, n.oid, 'USAGE')
               END,
               v.relkind = 'm'
        FROM pg_class v JOIN pg_namespace n ON n.oid = v.relnamespace
        WHERE n.nspname = @schema AND v.relkind IN ('v', 'm')
        ORDER BY v.relname
        """;

    /// <summary>
    /// The CHECKs of the domains the schema's table columns have (one row per column and constraint; the definition
    /// reads <c>VALUE</c> for the column), following a domain over a domain.
    /// </summary>
    public const string DomainChecks = """
        WITH RECURSIVE domains(column_type, domain_type) AS (
            SELECT t.oid, t.oid FROM pg_type t WHERE t.typtype = 'd'
          UNION
            SELECT d.column_type, t.typbasetype FROM domains d JOIN pg_type t ON t.oid = d.domain_type
            WHERE t.typtype = 'd' AND t.typbasetype <> 0
        )
        SELECT c.relname, a.attname, con.conname, pg_get_constraintdef(con.oid)
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN domains d ON d.column_type = a.atttypid
        JOIN pg_constraint con ON con.contypid = d.domain_type AND con.contype = 'c'
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attname, con.conname
        """;

    /// <summary>The user triggers on the schema's tables with the function each runs and that function's source.</summary>
    public const string Triggers = """
        SELECT c.relname, t.tgname, p.proname, coalesce(p.prosrc, '')
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE n.nspname = @schema AND NOT t.tgisinternal
        ORDER BY c.relname, t.tgname
        """;
}

namespace Harness.Catalog;

/// <summary>The system-catalog queries behind <see cref="CatalogReader"/>; all take <c>@schema</c>.</summary>
internal static class CatalogQueries
{
    public const string Tables = """
        SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
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

    public const string ForeignKeys = """
        SELECT c.relname, con.conname,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
               rc.relname,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class rc ON rc.oid = con.confrelid
        WHERE n.nspname = @schema AND con.contype = 'f'
        ORDER BY c.relname, con.conname
        """;

    public const string Indexes = """
        SELECT c.relname, ic.relname,
               ARRAY(SELECT CASE WHEN k.attnum = 0 THEN '(expression)' ELSE a.attname::text END
                     FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                     WHERE k.ord <= i.indnkeyatts ORDER BY k.ord),
               i.indisunique, i.indisprimary
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

    public const string Functions = """
        SELECT p.proname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
               pg_get_userbyid(p.proowner), l.lanname, p.prosecdef, coalesce(p.prosrc, ''),
               CASE WHEN @role::text IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role::text) THEN false
                    ELSE has_function_privilege(@role::text, p.oid, 'EXECUTE') AND has_schema_privilege(@role::text, n.oid, 'USAGE')
               END
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_language l ON l.oid = p.prolang
        WHERE n.nspname = @schema AND p.prokind IN ('f', 'p')
        ORDER BY 2
        """;

    public const string Views = """
        SELECT v.relname, pg_get_userbyid(v.relowner),
               coalesce(EXISTS (SELECT 1 FROM unnest(v.reloptions) o
                                WHERE lower(o) IN ('security_invoker=true', 'security_invoker=on', 'security_invoker=1')), false),
               ARRAY(SELECT DISTINCT t.relname::text
                     FROM pg_rewrite r
                     JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                     JOIN pg_class t ON t.oid = d.refobjid
                     WHERE r.ev_class = v.oid AND t.oid <> v.oid AND t.relkind IN ('r', 'p') AND t.relnamespace = n.oid),
               CASE WHEN @role::text IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role::text) THEN false
                    ELSE has_table_privilege(@role::text, v.oid, 'SELECT')
               END
        FROM pg_class v JOIN pg_namespace n ON n.oid = v.relnamespace
        WHERE n.nspname = @schema AND v.relkind IN ('v', 'm')
        ORDER BY v.relname
        """;
}

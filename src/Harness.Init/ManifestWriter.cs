using Harness.Migrations;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Model;

namespace Harness.Init;

/// <summary>What goes into a manifest written by <c>harness init</c>, besides the inferred tenancy.</summary>
/// <param name="SchemaReference">The <c>$schema</c> of the yaml-language-server modeline: a path relative to the manifest, or a URL.</param>
/// <param name="Endpoints">Operations of an OpenAPI document with their path parameters mapped to tables, if one was given.</param>
/// <param name="OpenApiReference">The OpenAPI document's path relative to the manifest, when it is a local file.</param>
public sealed record ManifestDraft(
    DatabaseInspection Inspection,
    InferredTenancy Tenancy,
    string Name,
    string SchemaReference,
    string? SchemaNote = null,
    OpenApiOperations? OpenApi = null,
    IReadOnlyList<MappedOperation>? Endpoints = null,
    string? OpenApiReference = null)
{
    /// <summary>Statements of the migrations folder (<c>--migrations</c>) that name schemas; when any, the manifest isolates by database.</summary>
    public IReadOnlyList<Harness.Migrations.SchemaReference> SchemaReferences { get; init; } = [];

    /// <summary>The migrations folder (<c>--migrations</c>) relative to the manifest, written as <c>migrations.sqlFolder</c>; null: a TODO.</summary>
    public string? MigrationsReference { get; init; }
}

/// <summary>
/// Writes a commented <c>harness.yaml</c> from a <see cref="ManifestDraft"/>: what was inferred, the evidence for it in
/// comments, and <c># TODO:</c> markers for what introspection cannot know. The result always loads with the manifest
/// loader; sections the loader does not read yet (credentials, endpoints) are written as comments.
/// </summary>
public static partial class ManifestWriter
{
    private const int CommentColumn = 34;

    public static string Write(ManifestDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var t = draft.Tenancy;
        var key = t.Key.Column;
        var w = new Writer();
        w.Line($"# yaml-language-server: $schema={draft.SchemaReference}");
        if (draft.SchemaNote is not null)
        {
            w.Line($"# {draft.SchemaNote}");
        }

        w.Line($"# Tenancy manifest written by `harness init` from a read-only look at schema \"{t.Schema}\" on {draft.Inspection.Server}.");
        w.Line("# Every value is a guess from the catalog, with its evidence in a comment: review it before you trust it.");
        w.Line("# `# TODO:` marks what introspection cannot know. The format: README.md, \"Describe your app\".");
        w.Line("version: 1");
        w.Entry(0, $"name: {Scalar(draft.Name)}", "shown in reports");
        w.Blank();

        WriteTenancy(w, t, key);
        w.Blank();
        WriteDatabase(w, t);
        WriteIsolation(w, draft);
        w.Blank();
        WriteMigrations(w, t, draft.MigrationsReference);
        w.Blank();
        WriteSeed(w, t);
        w.Blank();
        w.Line("# TODO: credentials, for the probes that call your API: how the harness signs in as a seeded user (a JWT minted");
        w.Line("# from a test key and a claims template, a login request, or a static token file). Introspection cannot tell.");
        if (draft.OpenApi is not null)
        {
            w.Blank();
            WriteEndpoints(w, draft.OpenApi, draft.Endpoints ?? [], draft.OpenApiReference);
        }

        return w.ToString();
    }

    private static void WriteTenancy(Writer w, InferredTenancy t, string key)
    {
        w.Line("tenancy:");
        w.Line("  # Tenant key candidates (score = tables carrying the column + single-column foreign keys on it to a common root):");
        foreach (var candidate in t.Candidates.Take(6))
        {
            w.Line($"  #   {candidate.Column}: {Count(candidate.Tables.Count, "table")}{RootEvidence(candidate)}, score {candidate.Score}"
                + (candidate == t.Key ? "  <- chosen" : ""));
        }

        if (!t.Candidates.Contains(t.Key))
        {
            w.Line($"  #   {key}: {Count(t.Key.Tables.Count, "table")}{RootEvidence(t.Key)}  <- chosen with --tenant-key");
        }

        w.Entry(2, $"key: {Scalar(key)}", $"carried by {Count(t.Key.Tables.Count, "table")}" + (t.Candidates.Count > 1 ? "; TODO: check the other candidates above" : ""));
        if (t.Root is { } root)
        {
            w.Entry(2, $"root: {Scalar(root.Table.Value)}", root.ForeignKeys > 0
                ? $"{Count(root.ForeignKeys, "single-column foreign key")} on {key} reference {root.Table}({root.Column})"
                : $"TODO: check: no foreign key on {key} references a root table; guessed from the name");
            w.Entry(2, $"rootKey: {Scalar(root.Column)}", $"the {root.Table} column {key} holds");
        }
        else
        {
            var guess = TenancyInference.Plurals(key.EndsWith("_id", StringComparison.Ordinal) ? key[..^3] : key).First();
            w.Entry(2, $"root: {guess}", $"TODO: no foreign key on {key} references a root table and no table is named like it: name the table whose rows are the tenants");
            w.Entry(2, "rootKey: id", $"TODO: the root's column that {key} holds");
        }

        if (t.Membership is { } membership && IsIdentifier(membership.Value) && t.MembershipUser is { } user)
        {
            w.Line("  membership:");
            w.Entry(4, $"table: {Scalar(membership.Value)}", t.MembershipEvidence);
            w.Entry(4, $"user: {Scalar(user)}", "the column holding the user id");
        }
        else if (t.Membership is { } table && IsIdentifier(table.Value))
        {
            w.Entry(2, $"membership: {Scalar(table.Value)}", t.MembershipEvidence ?? $"a tenant table named {table}: the users who belong to a tenant");
        }
        else
        {
            w.Entry(2, "# membership: users", $"TODO (optional): no tenant table named {string.Join("/", TenancyInference.MembershipNames.Take(4))} carries {key}; name the table of a tenant's users");
        }

        w.Line($"  # Tenant tables: the root and every table carrying {key} (found again by introspection at every run):");
        var width = t.TenantTables.Select(x => x.Name.Value.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var table in t.TenantTables)
        {
            var state = !table.RlsEnabled ? "RLS disabled  TODO: the audit reports it (AUD001)"
                : $"RLS enabled{(table.RlsForced ? ", forced" : ", not forced")}; " +
                  (table.Policies.Count == 0 ? "no policy  TODO: the audit reports it (AUD004)" : $"{(table.Policies.Count == 1 ? "policy" : "policies")}: {string.Join(", ", table.Policies)}");
            w.Line($"  #   {table.Name.Value.PadRight(width)}{(table.IsRoot ? "root; " : "")}{state}");
        }

        var shared = t.OtherTables
            .Where(o => o.Kind is NonTenantKind.ReferenceData or NonTenantKind.MigrationHistory)
            .ToList();
        var undecided = t.OtherTables.Except(shared).ToList();
        if (shared.Count > 0)
        {
            w.Line("  global:");
            foreach (var table in shared)
            {
                w.Entry(4, $"- {Scalar(table.Name.Value)}", table.Kind == NonTenantKind.MigrationHistory
                    ? $"the migration history of {MigrationTools.Find(table.Name.Value)!.Name}"
                    : $"no {key}; referenced by {string.Join(", ", table.ReferencedBy)}: reference data shared by every tenant");
            }
        }
        else
        {
            w.Entry(2, "global: []", $"no table without {key} looks like reference data");
        }

        if (undecided.Count > 0)
        {
            w.Line($"  # TODO: tables without {key} that are not reference data. List one under global if every tenant shares it");
            w.Line($"  # on purpose; otherwise it is tenant data that needs {key} (the audit reports it: AUD010):");
            foreach (var table in undecided)
            {
                w.Entry(2, $"#   - {Scalar(table.Name.Value)}", table.Kind switch
                {
                    NonTenantKind.LooksLikeTenantData => $"references {string.Join(", ", table.References)}: looks like tenant data missing {key}",
                    _ => "no foreign key to or from a tenant table",
                });
            }
        }

        w.Line("  context:");
        var settings = t.Settings.Where(s => SettingName().IsMatch(s.Setting)).ToList();
        var context = settings.FirstOrDefault(s => s.WithKey > 0);
        if (t.ContextPreset is { } preset)
        {
            w.Entry(4, $"preset: {preset}", $"{t.ContextPresetEvidence}; the probes SET LOCAL ROLE authenticated and set the claims");
        }
        else if (context is not null)
        {
            w.Entry(4, $"setting: {context.Setting}",
                $"compared with {key} in {context.WithKey} of the {Count(context.Policies.Count, "policy", "policies")} that read it; the app sets it per transaction with set_config(..., true)");
        }
        else if (settings.FirstOrDefault() is { } read)
        {
            w.Entry(4, $"setting: {read.Setting}", $"TODO: check: read by {Count(read.Policies.Count, "policy", "policies")} but never compared with {key}");
        }
        else
        {
            w.Entry(4, $"setting: app.{key}",
                "TODO: no policy on a tenant table reads a setting with current_setting(...); name the one your app sets with set_config(..., true)");
        }

        foreach (var other in t.Settings.Where(s => s != (context ?? settings.FirstOrDefault())
            && !(t.ContextPreset is not null && s.Setting.StartsWith("request.jwt.claim", StringComparison.OrdinalIgnoreCase))))
        {
            w.Line($"    # also read by {string.Join(", ", other.Policies.Take(5))}{(other.Policies.Count > 5 ? ", ..." : "")}: {other.Setting}  TODO: check it cannot widen access");
        }
    }

    private static void WriteDatabase(Writer w, InferredTenancy t)
    {
        w.Line("database:");
        var roles = t.Roles.Where(r => IsIdentifier(r.Name)).ToList();
        var tenantCount = t.TenantTables.Count;
        if (t.PresetAppRole is { } presetRole)
        {
            w.Entry(2, $"appRole: {Scalar(presetRole)}", $"the login role {t.ContextPreset} apps connect as; it switches to anon/authenticated per request");
        }
        else if (roles.FirstOrDefault() is { } role)
        {
            var notes = new List<string>
            {
                $"{string.Join(", ", role.Privileges)} on {role.Tables} of {tenantCount} tenant tables",
                role.CanLogin ? "can log in" : "cannot log in (a group role?)",
                "not superuser, owns none",
            };
            if (role.BypassRls)
            {
                notes.Add("TODO: it has BYPASSRLS (the audit reports it: AUD009)");
            }

            w.Entry(2, $"appRole: {Scalar(role.Name)}", string.Join("; ", notes));
            foreach (var other in t.Roles.Where(r => r != role).Take(5))
            {
                w.Line($"  # also: {other.Name} ({string.Join(", ", other.Privileges)} on {other.Tables} of {tenantCount}{(other.CanLogin ? "" : "; cannot log in")}{(other.BypassRls ? "; BYPASSRLS" : "")})");
            }
        }
        else
        {
            w.Entry(2, "appRole: app_user", "TODO: no role other than the tables' owners has privileges on the tenant tables; name the role your app connects as");
        }

        w.Line("  # TODO (optional): the app role's password, for scenarios that connect as it (not needed by the audit):");
        w.Line("  # appPassword: ...");
    }

    /// <summary>
    /// <c>isolation: database</c> when the migrations name schemas (a worker schema cannot hold them), with the first
    /// such statement as evidence; nothing otherwise (schema isolation is the default).
    /// </summary>
    private static void WriteIsolation(Writer w, ManifestDraft draft)
    {
        if (draft.SchemaReferences is not [var first, ..] references)
        {
            return;
        }

        var schemas = references.SelectMany(r => r.Schemas).Distinct(StringComparer.Ordinal).Take(5);
        w.Entry(2, "isolation: database", $"the migrations name schemas ({string.Join(", ", schemas)}), first at {Path.GetFileName(first.File)}:{first.Line}");
        w.Entry(2, $"schema: {draft.Tenancy.Schema}", "the schema holding the tenant tables in each worker database");
    }

    private static void WriteMigrations(Writer w, InferredTenancy t, string? folder)
    {
        if (folder is not null)
        {
            w.Line("migrations:");
            w.Entry(0, $"  sqlFolder: {Quoted(folder)}", "--migrations: ordered *.sql files, relative to this file, one transaction each");
            return;
        }

        var tools = t.OtherTables
            .Where(o => o.Kind == NonTenantKind.MigrationHistory)
            .Select(o => MigrationTools.Find(o.Name.Value)!)
            .DistinctBy(m => m.Name)
            .ToList();
        var command = tools.FirstOrDefault(m => m.Command is not null)?.Command ?? ["npx", "prisma", "migrate", "deploy"];
        w.Line("# TODO: how `harness run` creates this schema in each worker schema (required by `harness run`; not by `harness audit`).");
        if (tools.Count > 0)
        {
            w.Line($"# This schema has the history table of {string.Join(", ", tools.Select(m => $"{m.Name} ({m.Table})"))}.");
        }

        w.Line("# Uncomment exactly one of sqlFolder or command:");
        w.Line("# migrations:");
        w.Entry(0, "#   sqlFolder: db/migrations", "ordered *.sql files, relative to this file, no schema names in them");
        w.Entry(0, $"#   command: [{string.Join(", ", command.Select(Quoted))}]", "gets DATABASE_URL, PG* and PGOPTIONS=-c search_path=<worker schema>");
        w.Line("#   timeoutSeconds: 120");
    }

    private static void WriteSeed(Writer w, InferredTenancy t)
    {
        w.Line("seed:");
        w.Line("  tenants: 50");
        w.Entry(2, "usersPerTenant: 3", t.Membership is { } m ? $"rows per tenant in {m} (the membership table)" : "rows per tenant in the membership table");
        w.Entry(2, "rowsPerTable: 5", "rows per tenant in every other tenant table");
        w.Entry(2, "# skew: 1", "a few large tenants and many small ones, same total");
        w.Entry(2, "# rules:", "TODO (optional): columns the seeder cannot fill (unknown types, CHECKs), e.g.");
        w.Line("  #   sites.area: { values: [\"(0,0)\", \"(1,1)\"] }");
        w.Line("  #   sites.legacy_code: { useDefault: true }");
    }

    private static void WriteEndpoints(Writer w, OpenApiOperations openApi, IReadOnlyList<MappedOperation> endpoints, string? openApiReference)
    {
        var all = endpoints.SelectMany(e => e.Parameters).ToList();
        w.Line($"# Endpoints from {openApi.Source}{(openApi.Title is null ? "" : $" ({openApi.Title})")}: {Count(endpoints.Count, "operation")}, "
            + $"{all.Count(p => p.Table is not null)} of {Count(all.Count, "path parameter")} mapped to tables by name.");
        w.Line("# Kept as comments for review: uncomment the block once the mappings are right.");
        foreach (var warning in openApi.Warnings.Take(5))
        {
            w.Line($"# warning: {OneLine(warning)}");
        }

        // A parameter mapped by its name maps the same in every route: it goes to the shared 'parameters'. One mapped by
        // the path segment before it ({id} under /sites) needs the route's own params. One that names no table is skipped.
        var shared = all.Where(p => p.ByName && p.Target is not null)
            .GroupBy(p => p.Parameter, StringComparer.Ordinal)
            .Select(g => (Parameter: g.Key, Target: g.First().Target!, Routes: g.Count()))
            .OrderBy(p => p.Parameter, StringComparer.Ordinal)
            .ToList();
        var unmapped = endpoints.Where(e => e.Parameters.Any(p => p.Table is null)).ToList();
        var routes = endpoints
            .Except(unmapped)
            .Where(e => openApiReference is null || e.Parameters.Any(p => !p.ByName))
            .ToList();

        w.Line("# endpoints:");
        if (openApiReference is not null)
        {
            w.Entry(0, $"#   openapi: {Scalar(openApiReference)}", "relative to this file; its operations are the routes");
        }

        if (shared.Count > 0)
        {
            w.Entry(0, "#   parameters:", "path parameter: table (or table.column), found by the parameter's name");
            foreach (var (parameter, target, count) in shared)
            {
                w.Entry(0, $"#     {Scalar(parameter)}: {target}", $"in {Count(count, "operation")}");
            }
        }

        if (routes.Count > 0)
        {
            w.Entry(0, "#   routes:", openApiReference is null
                ? "the document's operations"
                : "operations whose parameters map by the path segment before them");
            foreach (var endpoint in routes)
            {
                var op = endpoint.Operation;
                var own = endpoint.Parameters.Where(p => !p.ByName).ToList();
                var line = own.Count == 0
                    ? $"#     - {op.Method} {op.Path}"
                    : $"#     - {{ method: {op.Method}, path: {Quoted(op.Path)}, params: {{ {string.Join(", ", own.Select(p => $"{Scalar(p.Parameter)}: {p.Target}"))} }} }}";
                w.Entry(0, line, op.OperationId);
            }
        }

        if (unmapped.Count > 0)
        {
            w.Entry(0, "#   skip:", "TODO: path parameters that name no table: map them (parameters, or a route's params) or keep skipping");
            foreach (var endpoint in unmapped)
            {
                w.Entry(0, $"#     - {endpoint.Operation.Method} {endpoint.Operation.Path}",
                    string.Join("; ", endpoint.Parameters.Where(p => p.Table is null).Select(p => $"{{{p.Parameter}}}: {p.Reason}")));
            }
        }
    }

    private static string RootEvidence(KeyCandidate candidate) => candidate.Root switch
    {
        null => ", no root found",
        { ForeignKeys: 0 } root => $", root {root.Table}.{root.Column} by name only",
        var root => $", {Count(root.ForeignKeys, "foreign key")} to {root.Table}.{root.Column}",
    };

    private static string Count(int n, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? singular : plural ?? singular + "s")}");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static bool IsIdentifier(string name) => Harness.Manifest.ManifestLoader.IsPostgresName(name);

    /// <summary>A YAML scalar: plain when that reads back as the same string, else double-quoted.</summary>
    internal static string Scalar(string value) =>
        PlainSafe().IsMatch(value) && !Reserved().IsMatch(value) && !LooksNumeric().IsMatch(value) ? value : Quoted(value);

    internal static string Quoted(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.$/-]*$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex("^(?:y|n|yes|no|on|off|true|false|null)$", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();

    [GeneratedRegex(@"^[-+.0-9]")]
    private static partial Regex LooksNumeric();

    /// <summary>Lines with comments aligned in one column.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder text = new();

        public void Line(string line) => text.Append(line).Append('\n');

        public void Blank() => text.Append('\n');

        public void Entry(int indent, string content, string? comment)
        {
            var line = new string(' ', indent) + content;
            if (comment is not null)
            {
                line = line.PadRight(CommentColumn - 1) + " # " + comment;
            }

            Line(line);
        }

        public override string ToString() => text.ToString();
    }
}

using Harness.Catalog;
using Harness.Manifest;
using Harness.Model;
using Harness.Targets.Manifest;

namespace Harness.Targets.Endpoints;

/// <summary>
/// Turns the manifest's <c>endpoints</c> (listed routes and an OpenAPI document; a listed route overrides the document's
/// route with the same method and path) into <see cref="Endpoint"/>s: kinds inferred where not given, path parameters mapped
/// to tenant tables explicitly or by name (or, for <c>{tenantId}</c> and <c>{userId}</c>, to the root and membership tables),
/// create endpoints given the table they insert into; a GET ending in a literal after a parameter is a list under that parent. Endpoints whose parameters
/// name global tables are not tenant data and are left out (see <see cref="Resolution.NotTenantScoped"/>).
/// </summary>
public static class EndpointResolver
{
    /// <summary>The probed endpoints, and routes left out with the reason.</summary>
    /// <summary>The query a search endpoint gets when none is given.</summary>
    public const string DefaultSearchQuery = "q={canaryPrefix}";

    public sealed record Resolution(IReadOnlyList<Endpoint> Endpoints, IReadOnlyList<string> NotTenantScoped);

    public static async Task<Resolution> ResolveAsync(
        EndpointsSection section, TenancyModel model, CatalogSnapshot catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(section);
        var routes = new List<RouteSection>();
        if (section.OpenApi is { } openApi)
        {
            routes.AddRange(await OpenApiRoutes.ReadAsync(openApi, cancellationToken));
        }

        return Resolve(section, routes, model, catalog);
    }

    /// <summary>Resolves <paramref name="documentRoutes"/> (e.g. read from OpenAPI) together with the section's own routes.</summary>
    public static Resolution Resolve(EndpointsSection section, IEnumerable<RouteSection> documentRoutes, TenancyModel model, CatalogSnapshot catalog)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        var byRoute = new Dictionary<string, RouteSection>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var route in documentRoutes.Concat(section.Routes))
        {
            var key = Key(route.Method, route.Path);
            if (!byRoute.ContainsKey(key))
            {
                order.Add(key);
            }

            byRoute[key] = route;
        }

        var skipped = section.Skip
            .Select(s => EndpointsManifestReader.TrySplitRoute(s, out var m, out var p) ? Key(m, p) : s)
            .ToHashSet(StringComparer.Ordinal);
        var endpoints = new List<Endpoint>();
        var notScoped = new List<string>();
        foreach (var key in order.Where(k => !skipped.Contains(k)))
        {
            var endpoint = Resolve(byRoute[key], section.Parameters, model, catalog, out var reason);
            if (endpoint is null)
            {
                notScoped.Add($"{key}: {reason}");
            }
            else
            {
                endpoints.Add(endpoint);
            }
        }

        return new Resolution(endpoints, notScoped);
    }

    private static Endpoint? Resolve(
        RouteSection route, IReadOnlyDictionary<string, string> shared, TenancyModel model, CatalogSnapshot catalog, out string reason)
    {
        reason = "";
        var path = Endpoint.Normalize(route.Path);
        var names = Endpoint.ParameterNames(path);
        var kind = route.Kind ?? Infer(route.Method, path, names.Count);
        var where = route.Source.Length > 0 ? $" ({route.Source})" : "";
        if (kind == EndpointKind.Public)
        {
            return new Endpoint(route.Method, path, kind, [], route.Query, route.Body, null, route.Source);
        }

        var tenantTables = model.TenantTables.Where(t => !model.GlobalTables.Contains(t)).ToList();
        var parameters = new List<PathParameter>();
        foreach (var name in names)
        {
            var explicitMapping = route.Params.GetValueOrDefault(name) ?? shared.GetValueOrDefault(name);
            TableName table;
            string? column = null;
            if (explicitMapping is not null)
            {
                var parts = explicitMapping.Split('.', 2);
                table = new TableName(parts[0]);
                column = parts.Length == 2 ? parts[1] : null;
            }
            else
            {
                var word = TableMatcher.WordOf(name, path);
                var all = catalog.Tables.Select(t => t.Name).ToList();
                table = (word is null ? null : TableMatcher.Match(word, all)) ?? KnownPlaceholder(name, model)
                    ?? throw Unusable(route, path, where,
                        $"path parameter {{{name}}} names no table; map it in endpoints.parameters ({name}: <table> or <table>.<column>), "
                        + $"in the route's params, or leave the route out with endpoints.skip. Tables: {string.Join(", ", tenantTables)}; "
                        + "known placeholders: {tenantId} (the caller's tenant), {userId} (the caller's user)");
            }

            var info = catalog.FindTable(table) ?? throw Unusable(route, path, where,
                $"parameter {{{name}}} maps to table '{table}', which is not in the schema; tables: {string.Join(", ", catalog.Tables.Select(t => t.Name))}");
            if (model.GlobalTables.Contains(table) || !model.TenantTables.Contains(table))
            {
                reason = $"{{{name}}} names {table}, which is not a tenant table";
                return null;
            }

            column ??= KeyColumn(info, model) ?? throw Unusable(route, path, where,
                $"{{{name}}} maps to {table}, whose primary key is not one column besides {model.TenantColumnOf(table)}; name the column ({name}: {table}.<column>)");
            if (info.FindColumn(column) is null)
            {
                throw Unusable(route, path, where, $"{{{name}}} maps to {table}.{column}, which has no such column");
            }

            parameters.Add(new PathParameter(name, table, column));
        }

        TableName? creates = null;
        if (kind == EndpointKind.Create)
        {
            creates = CreatedTable(route, path, model, catalog, tenantTables, where);
        }

        // A search without a query template searches for the canary prefix, which every seeded text row carries.
        var query = route.Query ?? (kind == EndpointKind.Search ? DefaultSearchQuery : null);
        return new Endpoint(route.Method, path, kind, parameters, query, route.Body, creates, route.Source);
    }

    private static TableName CreatedTable(RouteSection route, string path, TenancyModel model, CatalogSnapshot catalog, List<TableName> tenantTables, string where)
    {
        if (route.Creates is { } named)
        {
            var table = new TableName(named);
            return catalog.FindTable(table) is not null && tenantTables.Contains(table)
                ? table
                : throw Unusable(route, path, where, $"creates '{named}' is not a tenant table; tenant tables: {string.Join(", ", tenantTables)}");
        }

        var last = path.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(s => !s.StartsWith('{'));
        return (last is null ? null : TableMatcher.Match(last, tenantTables)) ?? throw Unusable(route, path, where,
            $"cannot tell which table it inserts into; set 'creates: <table>' on the route (tenant tables: {string.Join(", ", tenantTables)}), "
            + "mark it 'kind: public', or leave it out with endpoints.skip");
    }

    /// <summary>The primary key column other than the tenant column, when there is exactly one.</summary>
    private static string? KeyColumn(TableInfo table, TenancyModel model)
    {
        if (table.Name == model.Root)
        {
            return model.RootKey;
        }

        var keys = table.PrimaryKey.Where(c => c != model.TenantColumnOf(table.Name)).ToList();
        return keys.Count == 1 ? keys[0] : null;
    }

    /// <summary>
    /// The table a known placeholder stands for, when its name maps to no table: <c>{tenantId}</c> the tenant root,
    /// <c>{userId}</c> the membership table (the values the harness's users carry).
    /// </summary>
    private static TableName? KnownPlaceholder(string name, TenancyModel model) => name switch
    {
        "tenantId" => model.Root,
        "userId" => model.Membership,
        _ => null,
    };

    private static EndpointKind Infer(string method, string path, int parameters)
    {
        if (method == "POST")
        {
            return EndpointKind.Create;
        }

        // A GET whose last segment is a literal after a parameter (/parents/{parentId}/children) lists under that parent.
        var last = path.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (method != "GET" || (parameters > 0 && last.StartsWith('{')))
        {
            return EndpointKind.Resource;
        }

        var lower = path.ToLowerInvariant();
        return lower.Contains("search", StringComparison.Ordinal) ? EndpointKind.Search
            : lower.Contains("export", StringComparison.Ordinal) || lower.EndsWith(".csv", StringComparison.Ordinal) ? EndpointKind.Export
            : EndpointKind.List;
    }

    /// <summary>A route that cannot be probed as described; the message starts with the route and where it was listed.</summary>
    private static TargetConfigurationException Unusable(RouteSection route, string path, string where, string problem) =>
        new($"{route.Method} {path}{where}: {problem}") { Subject = $"{route.Method} {path}" };

    private static string Key(string method, string path) => $"{method.ToUpperInvariant()} {Endpoint.Normalize(path)}";
}

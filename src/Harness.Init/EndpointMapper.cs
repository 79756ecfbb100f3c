using System.Text;
using Harness.Catalog;
using Harness.Model;

namespace Harness.Init;

/// <summary>A path parameter mapped to the table (and column) it names, or not mapped, with why.</summary>
/// <param name="Column">The column the parameter holds when it is not the table's key (its primary key less the tenant key), else null.</param>
/// <param name="ByName">Found from the parameter's name alone, so the same in every route; false when found by the path segment before it.</param>
/// <param name="Reason">How the table was found, or why none was.</param>
public sealed record ParameterMapping(string Parameter, TableName? Table, string? Column, bool ByName, string Reason)
{
    /// <summary>table, or table.column when the parameter is not the table's key; null when unmapped.</summary>
    public string? Target => Table is not { } table ? null : Column is null ? table.Value : $"{table.Value}.{Column}";
}

/// <summary>An operation with its path parameters mapped to tables.</summary>
public sealed record MappedOperation(ApiOperation Operation, IReadOnlyList<ParameterMapping> Parameters);

/// <summary>
/// Maps path parameters to tables by name: <c>{siteId}</c> and <c>{site_id}</c> → <c>sites</c>; a bare <c>{id}</c> (or a
/// parameter named like a column, e.g. <c>{slug}</c>) → the table named by the path segment before it
/// (<c>/sites/{id}</c> → <c>sites</c>, <c>/sign-ins/{id}</c> → <c>sign_ins</c>).
/// </summary>
public static class EndpointMapper
{
    private static readonly string[] IdSuffixes = ["_id", "_uuid", "_key"];

    public static IReadOnlyList<MappedOperation> Map(IEnumerable<ApiOperation> operations, CatalogSnapshot catalog, string tenantKey)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. operations.Select(o => new MappedOperation(o, [.. o.PathParameters.Select(p => MapParameter(o.Path, p, catalog, tenantKey))]))];
    }

    public static ParameterMapping MapParameter(string path, string parameter, CatalogSnapshot catalog, string tenantKey)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(catalog);
        var snake = ToSnake(parameter);
        var idLike = snake is "id" or "uuid" or "pk" || IdSuffixes.Any(s => snake.EndsWith(s, StringComparison.Ordinal));

        // {siteId} → site → sites
        var stem = IdSuffixes.FirstOrDefault(s => snake.EndsWith(s, StringComparison.Ordinal) && snake.Length > s.Length) is { } suffix
            ? snake[..^suffix.Length]
            : null;
        if (stem is not null && FindByStem(catalog, stem) is { } named)
        {
            return Mapped(parameter, named, snake, tenantKey, byName: true, "by name");
        }

        // {id}, {slug}, {documentId} after /contractor-documents → the segment's table
        if (SegmentBefore(path, parameter) is { } segment && FindByStem(catalog, ToSnake(segment)) is { } table)
        {
            if (table.FindColumn(snake) is not null || idLike)
            {
                return Mapped(parameter, table, snake, tenantKey, byName: false, $"by the path segment '{segment}'");
            }
        }

        // {documentId} → a single table ending in _documents
        if (stem is not null)
        {
            var endings = TenancyInference.Plurals(stem).Select(p => "_" + p).ToList();
            var suffixed = catalog.Tables.Where(t => endings.Any(e => t.Name.Value.EndsWith(e, StringComparison.Ordinal))).ToList();
            if (suffixed.Count == 1)
            {
                return Mapped(parameter, suffixed[0], snake, tenantKey, byName: true, $"by name (the only table ending in _{stem}s)");
            }
        }

        return new ParameterMapping(parameter, null, null, false, $"no table named like '{stem ?? snake}'" +
            (SegmentBefore(path, parameter) is { } s ? $" or '{s}'" : ""));
    }

    /// <summary>The parameter holds the table's key (its primary key less the tenant key), or the column named like it.</summary>
    private static ParameterMapping Mapped(string parameter, TableInfo table, string snake, string tenantKey, bool byName, string reason)
    {
        var key = table.PrimaryKey.Where(c => c != tenantKey).ToList();
        var keyColumn = key.Count == 1 ? key[0] : table.FindColumn("id")?.Name;
        var column = table.FindColumn(snake)?.Name ?? keyColumn;
        return new ParameterMapping(parameter, table.Name, column == keyColumn ? null : column, byName, reason);
    }

    private static TableInfo? FindByStem(CatalogSnapshot catalog, string stem)
    {
        foreach (var name in TenancyInference.Plurals(stem).Prepend(stem).Distinct(StringComparer.Ordinal))
        {
            if (catalog.FindTable(new TableName(name)) is { } table)
            {
                return table;
            }
        }

        return null;
    }

    /// <summary>The literal path segment right before <c>{parameter}</c>, if any (<c>/sites/{id}</c> → <c>sites</c>).</summary>
    private static string? SegmentBefore(string path, string parameter)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(segments, "{" + parameter + "}");
        return index > 0 && !segments[index - 1].Contains('{', StringComparison.Ordinal) ? segments[index - 1] : null;
    }

    /// <summary>siteId → site_id, SignInID → sign_in_id, sign-ins → sign_ins.</summary>
    internal static string ToSnake(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '-' or '.' or ' ')
            {
                builder.Append('_');
            }
            else if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                var previousIsUpper = i > 0 && char.IsUpper(name[i - 1]);
                if (builder.Length > 0 && builder[^1] != '_' && (previousIsLowerOrDigit || (previousIsUpper && nextIsLower)))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

using Harness.Running;

namespace Harness.Reporting;

/// <summary>
/// A scenario's per-tenant metrics laid out as a grid: a row per (tenant, subject) and a column per (metric name, unit),
/// rows by tenant then subject, each in the order first reported; the HTML and Markdown reports draw it as the per-tenant table.
/// </summary>
internal sealed record TenantMetricGrid(
    IReadOnlyList<(string Name, string Unit)> Columns, IReadOnlyList<TenantMetricGrid.Row> Rows, bool HasSubjects)
{
    /// <summary>The grid of the metrics that name a tenant (the others are left out).</summary>
    public static TenantMetricGrid Of(IEnumerable<Metric> metrics)
    {
        var tenantMetrics = metrics.Where(m => m.Tenant is not null).ToList();
        var columns = tenantMetrics.Select(m => (m.Name, m.Unit)).Distinct().ToList();
        var tenants = tenantMetrics.Select(m => m.Tenant!).Distinct().ToList();
        var subjects = tenantMetrics.Select(m => m.Subject).Distinct().ToList();
        var rows = tenantMetrics
            .GroupBy(m => (Tenant: m.Tenant!, m.Subject))
            .OrderBy(g => tenants.IndexOf(g.Key.Tenant)).ThenBy(g => subjects.IndexOf(g.Key.Subject))
            .Select(g => new Row(g.Key.Tenant, g.Key.Subject,
                [.. columns.Select(c => g.LastOrDefault(m => m.Name == c.Name && m.Unit == c.Unit)?.Value)]))
            .ToList();
        return new TenantMetricGrid(columns, rows, tenantMetrics.Any(m => m.Subject is not null));
    }

    /// <summary>One tenant's figures for one subject, a value (or null) per column.</summary>
    public sealed record Row(string Tenant, string? Subject, IReadOnlyList<double?> Values);
}

using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>A <see cref="Metric"/> in report.json: name, value, unit, then tenant and subject when it has them.</summary>
public sealed record MetricDocument(string Name, double Value, string Unit, string? Tenant = null, string? Subject = null)
{
    internal static MetricDocument From(Metric metric) => new(metric.Name, metric.Value, metric.Unit, metric.Tenant, metric.Subject);

    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number.</exception>
    internal Metric ToMetric() => new(Name, Value, Unit, Tenant, Subject);
}

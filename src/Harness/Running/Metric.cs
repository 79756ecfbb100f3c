namespace Harness.Running;

/// <summary>
/// One figure a scenario measured, e.g. tenant t3's p99 latency, the requests per second of a soak, or the recovery
/// time of a restore step. Reports list metrics next to the checks; they do not decide the verdict (a threshold that
/// should fail the gate is a check with a finding).
/// </summary>
/// <param name="Name">What was measured, e.g. <c>p99 latency</c>, <c>requests/s</c>, <c>RTO</c>.</param>
/// <param name="Value">The figure; a finite number.</param>
/// <param name="Unit">Its unit, e.g. <c>ms</c>, <c>req/s</c>, <c>s</c>; empty for a plain count.</param>
/// <param name="Tenant">The tenant the figure is about, when it is one tenant's.</param>
/// <param name="Subject">What else it is about, when anything: an endpoint, a migration, a restore step.</param>
public sealed record Metric(string Name, double Value, string Unit, string? Tenant = null, string? Subject = null)
{
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public double Value { get; init; } =
        double.IsFinite(Value) ? Value : throw new ArgumentOutOfRangeException(nameof(Value), Value, $"metric '{Name}' must be a finite number");
}

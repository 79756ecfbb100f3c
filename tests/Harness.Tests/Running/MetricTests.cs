using FluentAssertions;
using Harness.Running;

namespace Harness.Tests.Running;

/// <summary>Metrics and series travel with a scenario's result; a result of checks only has none.</summary>
public sealed class MetricTests
{
    [Fact]
    public void A_result_of_checks_only_has_no_metrics_and_no_series()
    {
        var result = new ScenarioResult("audit", [], TimeSpan.FromSeconds(1));

        result.Metrics.Should().BeEmpty();
        result.Series.Should().BeEmpty();
    }

    [Fact]
    public void A_metric_keeps_its_tenant_and_subject()
    {
        var metric = new Metric("p99 latency", 41.25, "ms", Tenant: "t1", Subject: "GET /sites");

        (metric.Name, metric.Value, metric.Unit, metric.Tenant, metric.Subject).Should().Be(("p99 latency", 41.25, "ms", "t1", "GET /sites"));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_figure_that_is_not_a_finite_number_is_refused(double value)
    {
        FluentActions.Invoking(() => new Metric("p99 latency", value, "ms")).Should().Throw<ArgumentOutOfRangeException>().WithMessage("metric 'p99 latency' must be a finite number*");
        FluentActions.Invoking(() => new SeriesPoint(0, value)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new SeriesPoint(value, 0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_series_takes_seconds_on_x_unless_told()
    {
        new MetricSeries("latency", "ms", [new(0, 1)]).XUnit.Should().Be("s");
        new MetricSeries("latency", "ms", [new(0, 1)], XUnit: "requests").XUnit.Should().Be("requests");
    }
}

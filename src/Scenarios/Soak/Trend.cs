namespace Harness.Scenarios.Soak;

/// <summary>A least-squares line through points: its slope (y per unit of x), intercept and coefficient of determination.</summary>
/// <param name="Slope">y per unit of x.</param>
/// <param name="Intercept">y at x = 0.</param>
/// <param name="RSquared">How much of y's variance the line explains, 0 to 1 (1 when y is constant).</param>
/// <param name="Count">The points fitted.</param>
/// <param name="Span">The range of x covered.</param>
public readonly record struct Trend(double Slope, double Intercept, double RSquared, int Count, double Span)
{
    /// <summary>The fitted rise over the points' x range: slope x span.</summary>
    public double Growth => Slope * Span;

    /// <summary>The line through <paramref name="points"/>; a zero slope when fewer than two distinct x.</summary>
    public static Trend Fit(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var n = points.Count;
        if (n == 0)
        {
            return default;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var (x, y) in points)
        {
            sxx += (x - meanX) * (x - meanX);
            sxy += (x - meanX) * (y - meanY);
            syy += (y - meanY) * (y - meanY);
        }

        var span = points.Max(p => p.X) - points.Min(p => p.X);
        if (sxx == 0)
        {
            return new Trend(0, meanY, 0, n, span);
        }

        var slope = sxy / sxx;
        var rSquared = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new Trend(slope, meanY - (slope * meanX), rSquared, n, span);
    }
}

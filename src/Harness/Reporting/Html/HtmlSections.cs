namespace Harness.Reporting.Html;

/// <summary>The sections of the HTML report's main part, in page order; each one that shows for a report gets a navigation link.</summary>
internal static class HtmlSections
{
    public static IReadOnlyList<HtmlSection> All { get; } =
    [
        new MatrixSection(),
        new TimelineSection(),
        new FindingsSection(),
        new BaselineSection(),
        new CoverageSection(),
        new NotCoveredSection(),
        new MetricsSection(),
        new ScenariosSection(),
        new RunFactsSection(),
    ];
}

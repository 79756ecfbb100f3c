namespace Harness.Reporting.Html;

/// <summary>
/// Line colours and dashes that stay apart for colour-blind readers (the Okabe-Ito set, darkened where it is pale on
/// white), and the pale fills of shaded bands. Past the colours, lines differ by dash as well.
/// </summary>
internal static class ChartPalette
{
    private static readonly string[] Lines = ["#0b3d91", "#d55e00", "#007a5a", "#b4478f", "#8a6100", "#2b8cbe", "#111111", "#6a3d9a"];

    private static readonly string[] Dashes = ["", "6 3", "2 3", "8 3 2 3"];

    private static readonly string[] Bands = ["#e8eef7", "#fdebe3", "#e6f4ee", "#f6e8f1", "#f5efdc"];

    public static string Line(int index) => Lines[index % Lines.Length];

    /// <summary>An SVG <c>stroke-dasharray</c> value, empty for a solid line.</summary>
    public static string Dash(int index) => Dashes[index / Lines.Length % Dashes.Length];

    public static string Band(int index) => Bands[index % Bands.Length];
}

using System.Security.Cryptography;
using System.Text;

namespace Harness.Reporting.Html;

/// <summary>The HTML report's inline style (the embedded report.css, read once) and script, and the policy that pins both by hash.</summary>
internal static class PageAssets
{
    // Opens the finding group a matrix cell (or any #g-N link) points at, and marks the page as scripted.
    public const string Script =
        "(function(){document.documentElement.setAttribute('data-js','on');" +
        "function openTarget(){var id=decodeURIComponent(location.hash.slice(1));var el=id?document.getElementById(id):null;" +
        "var d=el?el.querySelector('details'):null;if(d){d.open=true;}}" +
        "window.addEventListener('hashchange',openTarget);openTarget();})();";

    private const string CssResource = "Harness.Reporting.Html.report.css";

    /// <summary>report.css with <c>\n</c> line endings and no final line break.</summary>
    public static string Css { get; } = Load(CssResource);

    /// <summary>Allows nothing but the page's own style and script (and data: images): no fonts, frames, forms or requests.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Sha256(Css)}'; script-src '{Sha256(Script)}'; img-src data:; base-uri 'none'; form-action 'none'";

    private static string Load(string name)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the resource {name} is missing from {typeof(PageAssets).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n").TrimEnd('\n');
    }

    private static string Sha256(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

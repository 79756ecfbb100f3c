using System.Text;

namespace Harness.Reporting.Html;

/// <summary>
/// One section of the HTML report's main part: the writer links it from the navigation, opens
/// <c>&lt;section id="Id"&gt;</c> with its heading, and lets it write its body. A new kind of section is one class that
/// derives from this and one line in <see cref="HtmlSections.All"/>.
/// </summary>
/// <param name="id">The section element's id, which the navigation link points at; its heading's id is this plus <c>-title</c>.</param>
/// <param name="navLabel">The navigation link's text.</param>
/// <param name="heading">The section's heading (plain text; the writer escapes it).</param>
internal abstract class HtmlSection(string id, string navLabel, string heading)
{
    public string Id => id;

    public string NavLabel => navLabel;

    public string Heading => heading;

    /// <summary>Whether the page has this section (every page, unless a section says otherwise: metrics only when a scenario reported some).</summary>
    public virtual bool Shows(HtmlPage page) => true;

    /// <summary>Writes what follows the heading; everything taken from the report must be escaped.</summary>
    public abstract void AppendBody(StringBuilder html, HtmlPage page);
}

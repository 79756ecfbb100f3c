using System.Text;

namespace Harness.Reporting.Html;

/// <summary>Escaping for text that comes from a report and goes into HTML element content or a quoted attribute value.</summary>
internal static class HtmlText
{
    /// <summary>
    /// Text safe in element content and in a double- or single-quoted attribute: <c>&amp; &lt; &gt; " '</c> become
    /// entities, and control characters HTML does not allow (everything below U+0020 but tab, line feed and carriage
    /// return, and U+007F–U+009F) become U+FFFD. Line breaks are kept (they matter inside <c>&lt;pre&gt;</c>).
    /// </summary>
    public static string Escape(string text)
    {
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' or '\n' or '\r' => null,
                _ when char.IsControl(c) => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                escaped?.Append(c);
                continue;
            }

            escaped ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            escaped.Append(replacement);
        }

        return escaped?.ToString() ?? text;
    }

    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/> on one line, with an ellipsis when cut.</summary>
    public static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max - 1), "\u2026");
    }
}

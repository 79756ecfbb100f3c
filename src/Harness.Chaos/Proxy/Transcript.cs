using System.Globalization;

namespace Harness.Chaos.Proxy;

/// <summary>
/// The last lines of one connection's conversation ("HH:mm:ss.fff &gt; Q ...", "&lt; C UPDATE 1", "&lt; D x3", "! fault ...").
/// Statements are kept as sent and redacted when read (<see cref="StatementRedactor"/>), so the relay does not pay for it;
/// passwords and DataRow contents are never kept; consecutive DataRows collapse into one counted line. Thread-safe.
/// </summary>
internal sealed class Transcript
{
    private readonly Entry[] ring;
    private int next;
    private int count;

    public Transcript(int limit)
    {
        ring = new Entry[Math.Max(1, limit)];
    }

    /// <summary>A line as is (it holds no literal values).</summary>
    public void Add(string line) => Append(new Entry(DateTime.UtcNow, line, null, 0));

    /// <summary>A line whose statement is redacted when read: <paramref name="prefix"/> then the redacted statement.</summary>
    public void AddStatement(string prefix, string statement) => Append(new Entry(DateTime.UtcNow, prefix, statement, 0));

    /// <summary>One DataRow: counted into the previous line when that is a DataRow line too.</summary>
    public void AddDataRow()
    {
        lock (ring)
        {
            var last = (next - 1 + ring.Length) % ring.Length;
            if (count > 0 && ring[last].Rows > 0)
            {
                ring[last] = ring[last] with { Rows = ring[last].Rows + 1 };
                return;
            }
        }

        Append(new Entry(DateTime.UtcNow, "< D", null, 1));
    }

    public IReadOnlyList<string> Lines(StatementRedactor redactor)
    {
        Entry[] entries;
        lock (ring)
        {
            entries = new Entry[count];
            for (var i = 0; i < count; i++)
            {
                entries[i] = ring[(next - count + i + ring.Length) % ring.Length];
            }
        }

        return [.. entries.Select(e => Format(e, redactor))];
    }

    private static string Format(Entry entry, StatementRedactor redactor)
    {
        var time = entry.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var text = entry.Rows > 0 ? $"{entry.Text} x{entry.Rows}"
            : entry.Statement is null ? entry.Text
            : $"{entry.Text} {redactor.Redact(entry.Statement)}";
        return $"{time} {text}";
    }

    private void Append(Entry entry)
    {
        lock (ring)
        {
            ring[next] = entry;
            next = (next + 1) % ring.Length;
            count = Math.Min(count + 1, ring.Length);
        }
    }

    private readonly record struct Entry(DateTime At, string Text, string? Statement, int Rows);
}

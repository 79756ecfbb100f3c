using System.Collections.Concurrent;
using System.Globalization;

namespace Harness.Scenarios.Chaos;

/// <summary>A write the run made: who, through which route, the marker it carried, and what the app answered (0: no answer).</summary>
internal sealed record MarkedWrite(int Tenant, string Route, string Marker, bool Creates)
{
    public int Status { get; set; }
}

/// <summary>
/// Gives every write a marker unique to the run and request (<c>chaosw&lt;seed&gt;n&lt;n&gt;</c>, letters and digits only, so
/// any text column takes it), and remembers who sent it: the database is then searched for each marker.
/// </summary>
internal sealed class WriteMarkers(int seed)
{
    /// <summary>What a write body names where its marker goes.</summary>
    public const string Placeholder = "{marker}";

    private readonly ConcurrentDictionary<string, MarkedWrite> writes = new(StringComparer.Ordinal);
    private int next;

    /// <summary>The markers' common prefix.</summary>
    public string Prefix { get; } = string.Create(CultureInfo.InvariantCulture, $"chaosw{(uint)seed:x}n");

    public IReadOnlyCollection<MarkedWrite> All => [.. writes.Values];

    public MarkedWrite? Of(string marker) => writes.GetValueOrDefault(marker);

    /// <summary>A new marker for <paramref name="tenant"/>'s write through <paramref name="route"/>.</summary>
    public MarkedWrite Next(int tenant, string route, bool creates)
    {
        var marker = Prefix + Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
        var write = new MarkedWrite(tenant, route, marker, creates);
        writes[marker] = write;
        return write;
    }

    /// <summary><paramref name="body"/> with its placeholder replaced by <paramref name="marker"/>.</summary>
    public static string Fill(string body, string marker) => body.Replace(Placeholder, marker, StringComparison.Ordinal);
}

using System.Globalization;
using System.Text;

namespace Harness.Running;

/// <summary>
/// One of <see cref="Count"/> deterministic slices of a run's probes (<c>--shard i/n</c>, 1-based): a probe belongs to the
/// shard its stable id hashes to (FNV-1a, the same on every machine), so n CI runners together run every probe exactly once.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole run (1/1).</summary>
    public static Shard All { get; } = new(1, 1);

    public bool IsAll => Count == 1;

    /// <summary>Parses <c>i/n</c> with 1 &lt;= i &lt;= n.</summary>
    public static Shard Parse(string text)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }

        throw new ArgumentException($"--shard '{text}' is not i/n with 1 <= i <= n, e.g. --shard 2/4");
    }

    /// <summary>Whether the probe with this stable id runs in this shard.</summary>
    public bool Includes(string probeId) => IsAll || (int)(Hash(probeId) % (ulong)Count) == Index - 1;

    /// <summary>64-bit FNV-1a of the UTF-8 bytes.</summary>
    public static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

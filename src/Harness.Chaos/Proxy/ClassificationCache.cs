using System.Collections.Concurrent;

namespace Harness.Chaos.Proxy;

/// <summary>
/// The classification of recently seen statement texts, shared by a proxy's sessions: a driver sends the same SQL again
/// and again (parameterised queries, the context statement of every transaction), so each text is tokenized and
/// classified once. Bounded: when <see cref="Limit"/> texts are held the cache starts over, so texts that never repeat
/// (literal values inlined) cost one failed lookup each and never grow it. Thread-safe.
/// </summary>
internal sealed class ClassificationCache<T>
    where T : class
{
    /// <summary>The most texts held at once.</summary>
    public const int Limit = 4096;

    /// <summary>Longer texts are not kept: they rarely repeat and would hold on to a lot of memory.</summary>
    public const int LongestText = 4096;

    private readonly ConcurrentDictionary<string, T> entries = new(StringComparer.Ordinal);
    private int count;

    /// <summary>The texts held now.</summary>
    public int Count => entries.Count;

    /// <summary>The cached classification of <paramref name="text"/>, or the one <paramref name="classify"/> makes (then kept).</summary>
    public T GetOrAdd(string text, Func<string, T> classify)
    {
        if (entries.TryGetValue(text, out var found))
        {
            return found;
        }

        var made = classify(text);
        if (text.Length <= LongestText)
        {
            if (Interlocked.Increment(ref count) > Limit)
            {
                entries.Clear();
                Volatile.Write(ref count, 1);
            }

            entries.TryAdd(text, made);
        }

        return made;
    }
}

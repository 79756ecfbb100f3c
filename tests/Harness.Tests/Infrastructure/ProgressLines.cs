using System.Collections.Concurrent;

namespace Harness.Tests.Infrastructure;

/// <summary>Every progress line a run reported, in order; safe to report to from several threads.</summary>
public sealed class ProgressLines : IProgress<string>
{
    private readonly ConcurrentQueue<string> lines = new();

    public IEnumerable<string> All => lines;

    public void Report(string value) => lines.Enqueue(value);
}

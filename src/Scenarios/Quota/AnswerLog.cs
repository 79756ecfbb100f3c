using System.Collections.Concurrent;

namespace Harness.Scenarios.Quota;

/// <summary>The answers of one flood, recorded from the load engine's concurrent sends; bounded, so a flood cannot grow memory past its request cap.</summary>
internal sealed class AnswerLog(int capacity)
{
    private readonly ConcurrentQueue<QuotaAnswer> answers = new();
    private int count;

    public void Add(QuotaAnswer answer)
    {
        if (Interlocked.Increment(ref count) <= capacity)
        {
            answers.Enqueue(answer);
        }
    }

    /// <summary>The answers in the order their requests were sent.</summary>
    public IReadOnlyList<QuotaAnswer> InSendOrder() => [.. answers.OrderBy(a => a.SentAt)];
}

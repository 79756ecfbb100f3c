using System.Diagnostics;

namespace Harness.Load;

/// <summary>
/// Lets a stream's send delegate say when its request actually went out, when that is later than the call. An HTTP client
/// queues a request until a connection of its pool is free; service time (the naive figure, completion − actual send)
/// starts when the request is written on a connection, not when it was handed to the client, or it would carry the same
/// queueing as corrected latency and could never show what coordinated omission hides. Without a mark, the call is the send.
/// </summary>
public static class ActualSend
{
    private static readonly AsyncLocal<Mark?> Current = new();

    /// <summary>
    /// Records now as the actual send of the request whose send delegate is running on the calling flow (nothing
    /// outside one); the first mark counts, so a request written in several pieces is sent when its first piece is.
    /// </summary>
    public static void MarkNow()
    {
        if (Current.Value is { } mark)
        {
            Interlocked.CompareExchange(ref mark.Timestamp, Stopwatch.GetTimestamp(), 0);
        }
    }

    /// <summary>Starts a mark for the request about to be sent on the calling flow (an async method's own flow: it does not leak to its caller).</summary>
    internal static Mark Begin()
    {
        var mark = new Mark();
        Current.Value = mark;
        return mark;
    }

    /// <summary>The Stopwatch timestamp of one request's actual send, 0 until marked.</summary>
    internal sealed class Mark
    {
        public long Timestamp;

        public long Or(long fallback) => Volatile.Read(ref Timestamp) is var marked and not 0 ? marked : fallback;
    }
}

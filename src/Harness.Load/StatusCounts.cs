namespace Harness.Load;

/// <summary>How a stream's sent requests ended.</summary>
/// <param name="Success">2xx answers.</param>
/// <param name="TooManyRequests">429 answers.</param>
/// <param name="Other">Any other status code.</param>
/// <param name="Errors">The send threw (connection refused, reset...): no status, no latency recorded.</param>
/// <param name="Timeouts">Cancelled after the request timeout: no status, no latency recorded.</param>
/// <param name="Unfinished">Still outstanding when the drain timeout ended the run.</param>
public readonly record struct StatusCounts(long Success, long TooManyRequests, long Other, long Errors, long Timeouts, long Unfinished)
{
    /// <summary>Requests answered with any status code.</summary>
    public long Answered => Success + TooManyRequests + Other;
}

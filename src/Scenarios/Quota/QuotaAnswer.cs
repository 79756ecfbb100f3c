namespace Harness.Scenarios.Quota;

/// <summary>One answer the quota probes got: its status, when it was sent and received (since the scenario started), and its rate-limit fields.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="SentAt">When the request went out.</param>
/// <param name="At">When the answer was read.</param>
/// <param name="RetryAfter">The Retry-After field as received, or null.</param>
/// <param name="RateLimit">The RateLimit fields, or null when it carried none.</param>
internal sealed record QuotaAnswer(int Status, TimeSpan SentAt, TimeSpan At, RetryAfterValue? RetryAfter, RateLimitFields? RateLimit)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Statuses that refuse the caller, not its rate: a bad request, a missing right, a missing row. They never count as throttling.</summary>
    public bool IsRefusal => Status is 400 or 401 or 403 or 404 or 405 or 409 or 422;
}

using System.Diagnostics;
using Harness.Targets;
using Harness.Targets.Credentials;

namespace Harness.Scenarios.Quota;

/// <summary>
/// Sends the quota probes' requests as seeded users and keeps what a limiter says in the answer (status, Retry-After,
/// Date, RateLimit fields), with send and receive times on the scenario's clock. Thread-safe: floods call it concurrently.
/// </summary>
internal sealed class QuotaSender(IRunningTarget target, TargetClient client, Stopwatch clock)
{
    public TimeSpan Now => clock.Elapsed;

    public Uri BaseAddress => target.BaseAddress;

    public TargetClient Client => client;

    public async Task<QuotaAnswer> SendAsync(TenantPrincipal principal, TargetRequest request, CancellationToken cancellationToken)
    {
        var credential = await client.CredentialForAsync(principal, cancellationToken).ConfigureAwait(false);
        using var message = client.CreateMessage(request, credential);

        var sent = clock.Elapsed;
        using var response = await target.Client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var at = clock.Elapsed;
        var received = DateTimeOffset.UtcNow;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in RateLimitFields.HeaderNames.Append("Retry-After"))
        {
            if (response.Headers.NonValidated.TryGetValues(name, out var values))
            {
                headers[name] = values.ToString();
            }
        }

        var retryAfter = headers.TryGetValue("Retry-After", out var raw) ? RetryAfterValue.Parse(raw, response.Headers.Date, received) : (RetryAfterValue?)null;
        return new QuotaAnswer((int)response.StatusCode, sent, at, retryAfter, RateLimitFields.From(headers));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Harness.Targets.Credentials;

namespace Harness.Targets;

/// <summary>
/// Sends requests to a running target as a seeded user: credentials come from a <see cref="CachedCredentials"/> (one per
/// user) and a 401 refreshes the user's credential and sends once more. Thread-safe; shares the target's pooled client.
/// </summary>
public sealed class TargetClient
{
    /// <summary>Bodies longer than this are cut before scanning (a leak shows in the first megabytes).</summary>
    public const int MaxBodyChars = 8 * 1024 * 1024;

    private readonly IRunningTarget target;

    public TargetClient(IRunningTarget target, ICredentialStrategy credentials)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(credentials);
        this.target = target;
        Credentials = credentials as CachedCredentials ?? new CachedCredentials(credentials);
    }

    public Uri BaseAddress => target.BaseAddress;

    public CachedCredentials Credentials { get; }

    public Task<Credential> CredentialForAsync(TenantPrincipal principal, CancellationToken cancellationToken = default) =>
        Credentials.IssueAsync(principal, target.Client, cancellationToken);

    /// <summary>Sends <paramref name="request"/> as <paramref name="principal"/>, refreshing its credential once on 401.</summary>
    public async Task<TargetResponse> SendAsAsync(TenantPrincipal principal, TargetRequest request, CancellationToken cancellationToken = default)
    {
        var credential = await CredentialForAsync(principal, cancellationToken);
        var response = await SendAsync(request, credential, cancellationToken);
        if (response.Status == 401)
        {
            Credentials.Refresh(principal, credential);
            credential = await CredentialForAsync(principal, cancellationToken);
            response = await SendAsync(request, credential, cancellationToken);
        }

        return response;
    }

    /// <summary>
    /// Sends <paramref name="request"/> with exactly <paramref name="credential"/> (none when null), no refresh. A throttled
    /// answer (429) is waited out, as a well-behaved client would, and sent again (<see cref="ThrottleWait"/>): a rate limit
    /// is not the app's answer to the probe, so the probes never judge it; only one that persists past the budget is returned.
    /// </summary>
    public async Task<TargetResponse> SendAsync(TargetRequest request, Credential? credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var waited = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            using var message = CreateMessage(request, credential);
            using var response = await target.Client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && ThrottleWait.Next(response, attempt, waited) is { } wait)
            {
                await Task.Delay(wait, cancellationToken);
                waited += wait;
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new TargetResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body.Length > MaxBodyChars ? body[..MaxBodyChars] : body);
        }
    }

    /// <summary>
    /// The message that sends <paramref name="request"/> to this target with <paramref name="credential"/> (none when null):
    /// for a family that sends it on the target's client itself and reads more of the answer than a <see cref="TargetResponse"/>.
    /// </summary>
    public HttpRequestMessage CreateMessage(TargetRequest request, Credential? credential)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target.BaseAddress, request.PathAndQuery.TrimStart('/')));
        credential?.ApplyTo(message);
        foreach (var (name, value) in request.Headers ?? [])
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.JsonBody is not null)
        {
            message.Content = new StringContent(request.JsonBody, Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        return message;
    }
}

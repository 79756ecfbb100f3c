using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Harness.Targets;
using Harness.Targets.Credentials;

namespace Harness.Tests.Targets;

/// <summary>A 429 is waited out and sent again, so probes judge the app's answer, never its rate limit.</summary>
public sealed class ThrottledTargetClientTests
{
    [Fact]
    public async Task A_throttled_request_is_sent_again_after_its_retry_after_and_the_later_answer_is_returned()
    {
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.NotFound]);
        await using var target = new ScriptedTarget(() => answers.Dequeue(), retryAfter: TimeSpan.Zero);
        var client = new TargetClient(target, new StaticCredentials());

        var response = await client.SendAsync(new TargetRequest("GET", "/sites/1"), credential: null, TestContext.Current.CancellationToken);

        response.Status.Should().Be(404, "the 429s are waited out and the app's own answer is what the probe judges");
        target.Requests.Should().Be(3);
    }

    [Fact]
    public void The_wait_follows_retry_after_and_stops_at_the_budget()
    {
        using var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));

        ThrottleWait.Next(throttled, attempt: 0, waited: TimeSpan.Zero).Should().BeCloseTo(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(50));
        ThrottleWait.Next(throttled, attempt: 0, waited: ThrottleWait.Budget - TimeSpan.FromSeconds(1)).Should().BeNull("the wait would pass the budget");
        ThrottleWait.Next(throttled, attempt: ThrottleWait.MaxAttempts, waited: TimeSpan.Zero).Should().BeNull("the attempts are spent");
    }

    [Fact]
    public void Without_retry_after_the_wait_doubles()
    {
        using var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        var first = ThrottleWait.Next(throttled, 0, TimeSpan.Zero)!.Value;
        var third = ThrottleWait.Next(throttled, 2, TimeSpan.Zero)!.Value;

        third.Should().BeGreaterThan(first * 3);
    }

    private sealed class StaticCredentials : ICredentialStrategy
    {
        public string Description => "none";

        public Task<Credential> IssueAsync(TenantPrincipal principal, HttpClient target, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("not used");
    }

    private sealed class ScriptedTarget(Func<HttpStatusCode> next, TimeSpan retryAfter) : IRunningTarget
    {
        private int requests;

        public int Requests => requests;

        public Uri BaseAddress { get; } = new("http://127.0.0.1:9/");

        public HttpClient Client => field ??= new HttpClient(new Scripted(this)) { BaseAddress = BaseAddress };

        public string Description => "scripted";

        public string RecentOutput => "";

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            return ValueTask.CompletedTask;
        }

        private sealed class Scripted(ScriptedTarget owner) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner.requests);
                var response = new HttpResponseMessage(owner.NextStatus()) { Content = new StringContent("{}") };
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    response.Headers.RetryAfter = new RetryConditionHeaderValue(owner.RetryAfter);
                }

                return Task.FromResult(response);
            }
        }

        private HttpStatusCode NextStatus() => next();

        private TimeSpan RetryAfter => retryAfter;
    }
}

using System.Net;
using FluentAssertions;
using Harness.Load;

namespace Harness.Tests.Load;

public sealed class HttpLoadTargetTests
{
    [Fact]
    public async Task The_delegate_sends_a_fresh_request_each_time_and_returns_its_status_code()
    {
        var handler = new CountingHandler();
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1/") };
        var stream = new LoadStream(
            "tenant-a",
            "flood",
            ArrivalSchedule.Constant(100, TimeSpan.FromMilliseconds(200)),
            HttpLoadTarget.Create(client, () => new HttpRequestMessage(HttpMethod.Get, "orders")));

        var result = await LoadEngine.RunAsync([stream], new LoadOptions(), TestContext.Current.CancellationToken);

        handler.Requests.Should().Be(20);
        result["tenant-a/flood"].Statuses.Should().Be(new StatusCounts(10, 10, 0, 0, 0, 0));
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        private int requests;

        public int Requests => requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref requests);
            return Task.FromResult(new HttpResponseMessage(n % 2 == 0 ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests) { RequestMessage = request });
        }
    }
}

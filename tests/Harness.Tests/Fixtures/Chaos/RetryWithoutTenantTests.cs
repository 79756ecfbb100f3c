using System.Net;
using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures.Chaos;

/// <summary>
/// A request whose connection is terminated under it (57P01): the clean app answers 500; under chaos-retry-without-tenant
/// it runs the work again on a fresh connection without the tenant context, so RLS hides tenant A's own sites and the
/// answer is a 200 with none of them.
/// </summary>
public sealed class RetryWithoutTenantTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("chaos-retry-without-tenant")]
    public async Task A_terminated_connection_fails_the_request_unless_the_flaw_retries_it_without_the_tenant(string? flaw)
    {
        await using var sample = await ChaosSample.StartAsync(postgres, flaw, jobs: false, Token);
        using var client = sample.ClientFor(sample.A);

        Task<HttpResponseMessage> request;
        await using (var sites = await sample.LockAsync("sites", Token))
        {
            request = client.GetAsync("/sites", Token);
            await sites.TerminateTheWaiterAsync(Token);
        }
        using var response = await request.WaitAsync(TimeSpan.FromSeconds(30), Token);

        var body = await response.Content.ReadAsStringAsync(Token);
        if (flaw is null)
        {
            response.StatusCode.Should().Be(HttpStatusCode.InternalServerError, body);
        }
        else
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, body);
            body.Should().Be("[]", "the retry ran without app.company_id, so RLS showed none of tenant A's sites");
        }

        // Unlocked, the same request sees A's site either way.
        (await client.GetStringAsync("/sites", Token)).Should().Contain(sample.A.Canary);
    }
}

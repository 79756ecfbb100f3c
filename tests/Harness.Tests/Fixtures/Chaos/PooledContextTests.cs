using System.Net;
using FluentAssertions;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Fixtures.Chaos;

/// <summary>
/// Where the sample leaves its tenant context on a pooled connection: after one request of tenant A, the next borrower of
/// the app's own pool (one connection, so it is the same one) reads app.company_id. The clean app sets it per transaction,
/// so nothing is left; chaos-session-set leaves it when the pool does not reset (as behind a transaction pooler), and
/// chaos-no-reset-on-close leaves it by itself.
/// </summary>
public sealed class PooledContextTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, true, false)]
    [InlineData("chaos-session-set", true, true)]
    [InlineData("chaos-session-set", false, false)]
    [InlineData(null, false, false)]
    [InlineData("chaos-no-reset-on-close", false, true)]
    public async Task The_next_borrower_of_the_connection_sees_the_last_requests_tenant_only_under_the_flaw(string? flaw, bool poolWithoutReset, bool leaks)
    {
        await using var sample = await ChaosSample.StartAsync(postgres, flaw, jobs: false, Token, app =>
        {
            app.MaxPoolSize = 1;
            app.NoResetOnClose = poolWithoutReset;
        });
        using (var client = sample.ClientFor(sample.A))
        {
            (await client.GetAsync("/sites", Token)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await using var borrowed = await sample.AppPool.OpenConnectionAsync(Token);
        await using var command = new NpgsqlCommand("SELECT current_setting('app.company_id', true)", borrowed);
        var left = await command.ExecuteScalarAsync(Token) as string;

        if (leaks)
        {
            left.Should().Be(sample.A.Id, "{0} leaves tenant A on the pooled connection", flaw);
        }
        else
        {
            left.Should().BeNullOrEmpty("{0} leaves no tenant on the pooled connection", flaw ?? "the clean app");
        }
    }
}

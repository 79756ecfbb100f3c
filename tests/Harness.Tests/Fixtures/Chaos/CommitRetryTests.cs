using System.Net.Http.Json;
using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Fixtures.Chaos;

/// <summary>
/// An ambiguous commit: the sample's connection goes through the fault proxy, which forwards tenant A's COMMIT and cuts
/// the connection before its reply (the server commits). The clean app answers 500 and the site is there once; under
/// chaos-commit-retry-duplicates it does the work again, so the site is there twice.
/// </summary>
public sealed class CommitRetryTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, 1)]
    [InlineData("chaos-commit-retry-duplicates", 2)]
    public async Task A_create_whose_commit_reply_is_lost_is_written_once_unless_the_flaw_redoes_the_work(string? flaw, int rows)
    {
        var server = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString);
        await using var proxy = await PgFaultProxy.StartAsync(new PgProxyOptions
        {
            UpstreamHost = server.Host!,
            UpstreamPort = server.Port,
            Context = new TenantContextSettings { Settings = ["app.company_id"] },
            TenantTables = new HashSet<string>(["sites"], StringComparer.OrdinalIgnoreCase),
        }, Token);
        await using var sample = await ChaosSample.StartAsync(postgres, flaw, jobs: false, Token, app =>
        {
            app.Host = proxy.Host;
            app.Port = proxy.Port;
        });
        using var client = sample.ClientFor(sample.A);
        var name = $"site {Guid.NewGuid():N}";

        // Only a connection in A's tenant context fires it, and A sends only this request.
        var cut = proxy.Arm(new ArmedFault(FaultKind.CutAfterCommitSent) { TenantValue = sample.A.Id });
        using var response = await client.PostAsJsonAsync("/sites", new { name, address = "1 Commit Lane" }, Token);
        var fired = await cut.Fired.WaitAsync(TimeSpan.FromSeconds(10), Token);
        fired.Detail.Should().Contain("COMMIT");

        // The server finishes the cut COMMIT on its own time: the app may answer before the row is visible. Wait (bounded)
        // until the rows the case expects are there, then check there are no more.
        var count = $"SELECT count(*) FROM \"{sample.Schema}\".sites WHERE company_id = '{sample.A.Id}' AND name = '{name}'";
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        var stored = await sample.ScalarAsync<long>(count, Token);
        while (stored < rows && !bound.IsCancellationRequested)
        {
            await Task.Delay(20, Token);
            stored = await sample.ScalarAsync<long>(count, Token);
        }

        var body = await response.Content.ReadAsStringAsync(Token);
        var all = await sample.ScalarAsync<string>($"SELECT string_agg(id::text || ' ' || company_id::text, '; ') FROM \"{sample.Schema}\".sites WHERE name = '{name}'", Token);
        stored.Should().Be(rows, $"the app answered {(int)response.StatusCode} {body}; rows {all}; the cut connection's transcript:\n{string.Join("\n", proxy.TranscriptOf(fired.Connection))}");
    }
}

using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures.Chaos;

/// <summary>
/// The sample's job queue against real PostgreSQL: what a clean worker does (a tenant's export holds its own sign-ins, another
/// tenant's job is 404, an ingest creates the tenant's sites, an unusable payload fails cleanly) and what each job flaw
/// changes, shown by the outputs and by the order jobs finish in.
/// </summary>
public sealed class JobQueueTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("job-owner-pool")]
    public async Task An_export_job_carries_only_its_tenants_sign_ins_unless_it_runs_on_the_owner_pool(string? flaw)
    {
        await using var sample = await ChaosSample.StartAsync(postgres, flaw, jobs: true, Token);

        var job = await sample.QueueExportAsync(sample.A, Token);
        var done = await sample.WaitForJobAsync(sample.A, job, Token);

        done.GetProperty("status").GetString().Should().Be("done");
        done.GetProperty("kind").GetString().Should().Be("sign-ins-export");
        var output = done.GetProperty("output").GetString();
        output.Should().StartWith("id,site_id,site_name,user_id,visitor_name,visitor_phone,signed_in_at,signed_out_at").And.Contain(sample.A.Canary);
        if (flaw is null)
        {
            output.Should().NotContain(sample.B.Canary);
        }
        else
        {
            output.Should().Contain(sample.B.Canary, "the job ran without tenant context on a pool RLS does not filter");
        }

        using var b = sample.ClientFor(sample.B);
        (await b.GetAsync($"/jobs/{job}", Token)).StatusCode.Should().Be(HttpStatusCode.NotFound, "RLS hides A's job from B");
    }

    [Fact]
    public async Task An_ingest_job_creates_the_tenants_sites_and_an_unusable_payload_fails_without_retries()
    {
        await using var sample = await ChaosSample.StartAsync(postgres, null, jobs: true, Token, beforeStart: s =>
            s.ExecuteAsync($"INSERT INTO jobs (company_id, kind, payload, created_at) VALUES ('{s.B.Id}', 'ingest', '{{\"x\": 1}}', now() - interval '1 minute')", Token));
        using var a = sample.ClientFor(sample.A);

        using var response = await a.PostAsync("/jobs/ingest", JsonContent("""{"sites":[{"name":"Depot 7","address":"7 Quay Rd"}]}"""), Token);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Token)).GetProperty("id").GetGuid();
        var done = await sample.WaitForJobAsync(sample.A, id, Token);

        done.GetProperty("status").GetString().Should().Be("done");
        (await a.GetStringAsync("/sites", Token)).Should().Contain("Depot 7");
        (await a.PostAsync("/jobs/ingest", JsonContent("""{"sites":[]}"""), Token)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var seeded = await sample.ScalarAsync<string>($"SELECT status || ' ' || attempts || ' ' || error FROM jobs WHERE company_id = '{sample.B.Id}'", Token);
        seeded.Should().StartWith("failed 1 the payload has no \"sites\" array");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("job-retry-loses-tenant")]
    public async Task A_retried_export_holds_its_own_tenants_sign_ins_unless_the_worker_remembers_the_last_tenant(string? flaw)
    {
        await using var sample = await ChaosSample.StartAsync(postgres, flaw, jobs: true, Token);
        await sample.WaitForJobAsync(sample.B, await sample.QueueExportAsync(sample.B, Token), Token);

        Guid job;
        await using (var signIns = await sample.LockAsync("sign_ins", Token))
        {
            job = await sample.QueueExportAsync(sample.A, Token);
            await signIns.TerminateTheWaiterAsync(Token);
        }
        var done = await sample.WaitForJobAsync(sample.A, job, Token);

        done.GetProperty("status").GetString().Should().Be("done");
        done.GetProperty("attempts").GetInt32().Should().Be(2, "the first attempt lost its connection and was queued again");
        var output = done.GetProperty("output").GetString();
        if (flaw is null)
        {
            output.Should().Contain(sample.A.Canary).And.NotContain(sample.B.Canary);
        }
        else
        {
            output.Should().Contain(sample.B.Canary, "the retry ran as the tenant of the job completed before it").And.NotContain(sample.A.Canary);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("job-global-concurrency")]
    public async Task A_neighbours_job_finishes_ahead_of_a_flooding_tenants_queue_unless_one_job_runs_at_a_time(string? flaw)
    {
        const int Flood = 10;
        await using var sample = await ChaosSample.StartAsync(postgres, flaw, jobs: true, Token, beforeStart: s => s.ExecuteAsync(
            $"""
            INSERT INTO jobs (company_id, kind, created_at) SELECT '{s.A.Id}', 'sign-ins-export', now() - interval '1 minute' + n * interval '1 ms' FROM generate_series(1, {Flood}) n;
            INSERT INTO jobs (company_id, kind, created_at) VALUES ('{s.B.Id}', 'sign-ins-export', now() - interval '1 minute' + interval '1 s');
            """, Token));

        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (await sample.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status <> 'done'", timeout.Token) > 0)
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        var floodersBefore = await sample.ScalarAsync<long>(
            $"SELECT count(*) FROM jobs a, jobs b WHERE b.company_id = '{sample.B.Id}' AND a.company_id = '{sample.A.Id}' AND a.finished_at < b.finished_at", Token);
        if (flaw is null)
        {
            floodersBefore.Should().BeLessThan(Flood / 2, "B's job runs in the second slot while A's run one at a time in the first");
        }
        else
        {
            floodersBefore.Should().BeGreaterThan(Flood / 2, "one job at a time in queue order puts B's behind all of A's");
        }
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

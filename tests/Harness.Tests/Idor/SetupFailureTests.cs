extern alias SampleApp;

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FluentAssertions;
using Harness.AspNetCore;
using Harness.Catalog;
using Harness.Model;
using Harness.Probing;
using Harness.Tests.Infrastructure;
using Npgsql;
using DevTokenIssuer = SampleApp::SampleTarget.Auth.DevTokenIssuer;
using Flaws = SampleApp::SampleTarget.Configuration.Flaws;
using SampleProgram = SampleApp::Program;

namespace Harness.Tests.Idor;

/// <summary>
/// What the IDOR family does when its own set-up fails or the run breaks off (it keeps what it found), and how it tells a
/// tampering leak from a leak that shows without the tampered input.
/// </summary>
public sealed class SetupFailureTests(PostgresFixture postgres)
{
    private const string SigningKey = "harness-sample-target-dev-signing-key-0123456789";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Fresh_copies_keep_their_columns_checks_and_renew_the_roots_key()
    {
        ColumnInfo Column(string name, string type) => new(name, 0, type, type, true, false, false, false, [], null);
        var table = new TableInfo(
            new TableName("plans"), "owner", true, true,
            [Column("id", "uuid"), Column("tier", "text"), Column("seats", "int4"), Column("code", "int8")],
            ["id"], [], [new IndexInfo("plans_tier_key", ["tier"], true, false), new IndexInfo("plans_seats_key", ["seats"], true, false), new IndexInfo("plans_code_key", ["code"], true, false)], [])
        {
            Checks =
            [
                new CheckInfo("plans_tier_check", ["tier"], "CHECK ((tier = ANY (ARRAY['free'::text, 'team'::text, 'o''brien'::text])))"),
                new CheckInfo("plans_seats_check", ["seats"], "CHECK (((seats >= 1) AND (seats <= 500)))"),
                new CheckInfo("plans_code_check", ["code"], "CHECK ((code > 0))"),
            ],
        };
        var fresh = new FreshValues(7, "idor-probe");
        var row = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["tier"] = "free", ["seats"] = 3, ["code"] = 12 };

        var copies = Enumerable.Range(0, 6).Select(_ => fresh.Copy(row, FreshValues.ColumnsOf(table, "id", isRoot: true), table)).ToList();

        copies.Should().OnlyContain(c => c["id"]!.GetValue<string>() != row["id"]!.GetValue<string>(), "the root's key is its tenant column, and a copy of it needs a fresh one");
        copies.Select(c => c["tier"]!.GetValue<string>()).Should().OnlyContain(t => t == "free" || t == "team" || t == "o'brien").And.Contain("team");
        copies.Select(c => (decimal)c["seats"]!.AsValue().GetValue<decimal>()).Should().OnlyContain(s => s >= 1 && s <= 500).And.OnlyHaveUniqueItems();
        copies.Select(c => c["code"]!.AsValue().GetValue<long>()).Should().OnlyContain(c => c > 2_000_000_000L, "a check the fresh value already meets changes nothing");
        FreshValues.ColumnsOf(table, "id").Select(c => c.Name).Should().NotContain("id", "a tenant table's copy stays in its tenant");
    }

    [Fact]
    public async Task A_probe_whose_copy_the_database_refuses_is_skipped_and_the_planted_flaw_is_still_found()
    {
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);
        await ExecuteAsync(sample, """
            CREATE FUNCTION refuse_new_sites() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'sites are frozen' USING ERRCODE = 'check_violation', CONSTRAINT = 'sites_frozen';
            END $$;
            CREATE TRIGGER sites_frozen BEFORE INSERT ON sites FOR EACH ROW EXECUTE FUNCTION refuse_new_sites();
            """);

        var result = await sample.RunAsync(Sample(Flaws.ReadWithoutTenant), await InProcessIdorTests.ManifestAsync(), progress: new IdorSample.Output(), cancellationToken: Token);

        result.Error.Should().BeNull();
        result.Checks.Single(c => c.Subject == "GET /sites/{siteId} read").Findings.Should().HaveCount(12, "4 tenants: 12 ordered pairs, one id each");
        var skipped = result.Checks.Single(c => c.Subject == "DELETE /sites/{siteId} control").Findings.Should().ContainSingle().Subject;
        skipped.Rule.Id.Should().Be("IDOR007");
        skipped.Message.Should().Contain("12 skipped: their set-up failed").And.Contain("sites").And.Contain("SQLSTATE 23514").And.Contain("constraint sites_frozen");
        result.Findings.Select(f => f.Rule.Id).Distinct().Should().BeEquivalentTo(["IDOR001", "IDOR007"]);
    }

    [Fact]
    public async Task A_run_that_breaks_off_reports_what_it_found_with_the_reason()
    {
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);
        var readsDone = false;
        var host = new InterceptingTarget(Sample(Flaws.ReadWithoutTenant), request =>
        {
            // The tampered lists run once every read is done; the deletes, last, find the target gone.
            readsDone |= request.Headers.Contains("X-Company-Id");
            if (readsDone && request.Method == HttpMethod.Delete)
            {
                throw new HttpRequestException("connection reset by peer");
            }
        });

        var result = await sample.RunAsync(host, await InProcessIdorTests.ManifestAsync(), progress: new IdorSample.Output(), cancellationToken: Token);

        result.Error.Should().Contain("stopped answering").And.Contain("connection reset by peer");
        result.Checks.Single(c => c.Subject == "GET /sites/{siteId} read").Findings.Should().HaveCount(12, "what the reads found before the deletes broke off");
    }

    [Fact]
    public async Task A_leak_that_shows_without_the_tampered_header_is_reported_as_the_lists_own_leak()
    {
        var sample = await IdorSample.CreateAsync(postgres, cancellationToken: Token);
        var users = sample.Ledger.Tenants.ToDictionary(t => t.TenantId, t => Guid.Parse(t.Table("users")!.Keys[0][1]));
        var sticky = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // A pooled connection that keeps the tenant a request once set on it: after a caller's first request naming a tenant,
        // each of its list requests answers as that tenant, whether or not it names one again.
        var host = new InterceptingTarget(Sample(null), request =>
        {
            var caller = request.Headers.Authorization?.Parameter;
            if (caller is null || request.Method != HttpMethod.Get || request.RequestUri!.AbsolutePath != "/sites")
            {
                return;
            }

            if (request.Headers.TryGetValues("X-Company-Id", out var named))
            {
                sticky.TryAdd(caller, named.First());
            }

            if (sticky.TryGetValue(caller, out var tenant))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DevTokenIssuer.Mint(users[tenant], Guid.Parse(tenant), SigningKey));
            }
        });

        var result = await sample.RunAsync(host, await InProcessIdorTests.ManifestAsync(), progress: new IdorSample.Output(), cancellationToken: Token);

        var because = string.Join("\n", result.Findings.Select(f => $"{f.Rule.Id} {f.Subject} {f.Message}"));
        result.Findings.Should().NotContain(f => f.Rule.Id == "IDOR005", because);
        var leaks = result.Checks.Single(c => c.Subject == "GET /sites sweep").Findings;
        leaks.Should().NotBeEmpty(because).And.OnlyContain(f => f.Rule.Id == "IDOR004" && f.Message.Contains("the leak does not depend on the tampered input", StringComparison.Ordinal));
        leaks.Should().OnlyContain(f => f.Reproduction!.Contains("/sites", StringComparison.Ordinal) && !f.Reproduction.Contains("X-Company-Id", StringComparison.Ordinal));
    }

    private static WebApplicationTarget<SampleProgram> Sample(string? flaw) => new(new WebApplicationTargetOptions
    {
        Settings = new Dictionary<string, string> { [Flaws.ConfigKey] = flaw ?? "" },
    });

    private static async Task ExecuteAsync(IdorSample sample, string sql)
    {
        await using var connection = new NpgsqlConnection(sample.Sample.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}

using FluentAssertions;
using Harness.Manifest;
using Harness.Running;
using Harness.Targets;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Idor;

/// <summary>For each planted app-level flaw: the rule and the check (endpoint and probe kind) that must fail, and nothing else.</summary>
public static class FlawExpectations
{
    public static readonly IReadOnlyDictionary<string, (string Rule, string Check)> Sample = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["read-without-tenant"] = ("IDOR001", "GET /sites/{siteId} read"),
        ["write-idor"] = ("IDOR002", "PUT /sites/{siteId} write"),
        ["delete-idor"] = ("IDOR002", "DELETE /sites/{siteId} delete"),
        ["foreign-parent"] = ("IDOR003", "POST /sites/{siteId}/sign-ins foreign-parent"),
        ["body-tenant"] = ("IDOR005", "POST /sites tamper-body"),
        ["search-leak"] = ("IDOR004", "GET /search/sites sweep"),
        ["export-leak"] = ("IDOR004", "GET /exports/sign-ins.csv sweep"),
        ["header-tenant"] = ("IDOR005", "GET /sites tamper-header"),
        ["query-tenant"] = ("IDOR005", "GET /sites tamper-query"),
        ["route-tenant"] = ("IDOR005", "GET /companies/{companyId} tamper-route"),
        ["cache-without-tenant"] = ("IDOR004", "GET /sites sweep"),
        ["unsigned-token"] = ("IDOR006", "GET /sites auth"),
        ["nested-list-leak"] = ("IDOR001", "GET /sites/{siteId}/inductions read"),
        ["broken-context"] = ("IDOR009", "GET /sites/{siteId} control"),
    };

    public static readonly IReadOnlyDictionary<string, (string Rule, string Check)> Node = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["node-read-without-tenant"] = ("IDOR001", "GET /sites/{siteId} read"),
        ["node-header-tenant"] = ("IDOR005", "GET /sites tamper-header"),
        ["node-search-leak"] = ("IDOR004", "GET /search/sites sweep"),
        ["node-export-leak"] = ("IDOR004", "GET /exports/sign-ins.csv sweep"),
        ["node-nested-list-leak"] = ("IDOR001", "GET /sites/{siteId}/inductions read"),
        ["node-broken-context"] = ("IDOR009", "GET /sites/{siteId} control"),
    };

    public static TheoryData<string> SampleFlaws => [.. Sample.Keys.Order(StringComparer.Ordinal)];

    public static TheoryData<string> NodeFlaws => [.. Node.Keys.Order(StringComparer.Ordinal)];

    public static void ShouldPass(ScenarioResult result)
    {
        result.Findings.Should().BeEmpty("the clean target must pass every probe: " + string.Join("\n", result.Findings.Select(f => $"{f.Rule.Id} {f.Message}")));
        result.Checks.Should().HaveCountGreaterThan(20);
        result.Probes.Should().BeGreaterThan(100);
    }

    /// <summary>
    /// No false positives: the clean target gives no IDOR finding on seeds 1 to 10 (a fresh schema of 4 tenants each, so it stays
    /// fast), its nested list (200 [] for another tenant's site) probed under another tenant's site every time.
    /// </summary>
    public static async Task ShouldPassOnSeeds1To10Async(PostgresFixture postgres, Func<ITargetHost> host, HarnessManifest manifest, CancellationToken cancellationToken)
    {
        var findings = new List<string>();
        for (var seed = 1; seed <= 10; seed++)
        {
            var sample = await IdorSample.CreateAsync(postgres, tenants: 4, seed, cancellationToken);
            var result = await sample.RunAsync(host(), manifest, cancellationToken: cancellationToken);
            result.Checks.Should().Contain(c => c.Subject == "GET /sites/{siteId}/inductions read" && c.Probes > 0, $"seed {seed} probes the nested list");
            findings.AddRange(result.Findings.Select(f => $"seed {seed}: {f.Rule.Id} {f.Message}"));
        }

        findings.Should().BeEmpty();
    }

    /// <summary>The flaw's check fails with findings of its rule that name the endpoint and both tenants; every other finding is of the same rule.</summary>
    public static void ShouldFind(ScenarioResult result, (string Rule, string Check) expected)
    {
        var failing = result.Checks.Where(c => c.Findings.Count > 0).ToList(); // a check that could not judge (not covered) is not failing
        var because = string.Join("\n", result.Findings.Select(f => $"{f.Rule.Id} {f.Message}"));
        failing.Should().Contain(c => c.Subject == expected.Check && c.Rule.Id == expected.Rule, because);
        result.Findings.Select(f => f.Rule.Id).Distinct().Should().Equal([expected.Rule], because);
        var findings = failing.Single(c => c.Subject == expected.Check).Findings;
        var route = expected.Check[..expected.Check.LastIndexOf(' ')];
        failing.Where(c => c.Subject.StartsWith(route + " ", StringComparison.Ordinal)).Select(c => c.Subject).Should()
            .Equal([expected.Check], "on the flaw's endpoint only the probe kind that targets it fails (header and query tampering are told apart): " + because);
        findings.Should().OnlyContain(f => f.Subject == route && f.Reproduction!.Contains("curl ", StringComparison.Ordinal));
        if (expected.Rule == "IDOR009")
        {
            // Nothing could be judged: the finding names the route and the owner's own failing request, no attacker.
            findings.Should().OnlyContain(f => f.Tenants == null && f.Message.StartsWith(route + ": the app fails for its own tenant; nothing on this route could be judged", StringComparison.Ordinal));
            findings.Should().OnlyContain(f => f.Evidence.StartsWith("status 500", StringComparison.Ordinal));
            failing.Should().OnlyContain(c => c.Subject.EndsWith(" control", StringComparison.Ordinal) && c.Rule.Id == "IDOR009", because);
            return;
        }

        if (expected.Check.EndsWith(" auth", StringComparison.Ordinal))
        {
            // A credential check has no victim: the finding names the forged credential the endpoint let through.
            findings.Should().OnlyContain(f => f.Tenants == null && f.Message.StartsWith(route + ": a request with a ", StringComparison.Ordinal));
            return;
        }

        findings.Should().OnlyContain(f => f.Tenants != null && f.Tenants.Attacker != f.Tenants.Victim);
        findings.Should().OnlyContain(f => f.Message.StartsWith(route + ": tenant ", StringComparison.Ordinal));
        findings.Should().OnlyContain(f => f.Message.Contains(f.Tenants!.Attacker, StringComparison.Ordinal) && f.Message.Contains(f.Tenants.Victim, StringComparison.Ordinal));
        findings.Should().OnlyContain(f => f.Reproduction!.Contains("$TOKEN_A", StringComparison.Ordinal));
        // The reproduction says how to make the attacker's token and that the app must run against the kept seeded data.
        findings.Should().OnlyContain(f => f.Reproduction!.Contains("# export TOKEN_A=$(harness token --manifest ", StringComparison.Ordinal)
            && f.Reproduction.Contains($" --tenant {f.Tenants!.Attacker} --user ", StringComparison.Ordinal));
        findings.Should().OnlyContain(f => f.Reproduction!.Contains("harness run --keep", StringComparison.Ordinal));
    }
}

using Harness.Catalog;
using Harness.Ledger;
using Harness.Model;
using Harness.Running;
using Harness.Scenarios.Quota;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Manifest;

namespace Harness.Tests.Quota;

/// <summary>
/// Runs the quota family against a test app without a database: a hand-made tenancy model and ledger (tenant ids drawn from
/// the seed, one user per tenant, no membership table, so nothing is read from PostgreSQL) and bearer tokens <c>tenant|user</c>.
/// </summary>
public static class QuotaRun
{
    public static async Task<ScenarioResult> RunAsync(IRunningTarget target, QuotaOptions options, int seed = 1, int tenants = 5, CancellationToken cancellationToken = default)
    {
        var model = new TenancyModel { TenantKey = "tenant_id", Root = new TableName("tenants"), ContextSetting = "app.tenant_id", AppRole = "app" };
        var random = new Random(seed);
        var ledger = new SeedLedger(seed, model.TenantKey, [.. Enumerable.Range(0, tenants).Select(i => new SeededTenant(i, Id(random), $"tenant {i}", [], []))]);
        var context = new ScenarioContext(model, new CatalogSnapshot("public", [], [], [], null), "public", "Host=unused", null, ledger, new Output())
        {
            Options = options,
        }.WithTarget(new TargetContext(target, DelegateCredentials.Bearer(p => $"{p.TenantId}|{p.UserId}", "test tokens"), new EndpointsSection()));
        return await new QuotaScenario().RunAsync(context, cancellationToken);
    }

    /// <summary>One limit on the test app's <c>GET /items</c>.</summary>
    public static QuotaOptions Options(int limit, TimeSpan window, int burst = 0, bool rateLimitHeaders = false) => new()
    {
        MaxWait = TimeSpan.FromSeconds(8),
        Limits =
        [
            new QuotaLimit
            {
                Name = "items",
                Endpoints = [new QuotaEndpoint("GET", "/items")],
                Limit = limit,
                Window = window,
                Burst = burst,
                RateLimitHeaders = rateLimitHeaders,
            },
        ],
    };

    private static string Id(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>Test output as progress, so a failing run shows what the probes did.</summary>
    private sealed class Output : IProgress<string>
    {
        public void Report(string value) => TestContext.Current.TestOutputHelper?.WriteLine(value);
    }
}

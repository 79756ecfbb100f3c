extern alias SampleApp;

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Harness.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Flaws = SampleApp::SampleTarget.Configuration.Flaws;
using TenantRequestLog = SampleApp::SampleTarget.RateLimiting.TenantRequestLog;

namespace Harness.Tests.Fixtures.Quota;

/// <summary>quota-unbounded-state: a 128 KB log per tenant id ever seen, never evicted; the clean sample keeps none.</summary>
public sealed partial class UnboundedStateTests(PostgresFixture postgres)
{
    private const int Tenants = 30;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, 0)]
    [InlineData(Flaws.QuotaUnboundedState, Tenants + 1)]
    public async Task Every_tenant_id_seen_is_kept_forever_only_with_the_flaw(string? flaw, int kept)
    {
        var clock = new ManualClock();
        var log = new TenantRequestLog(clock);
        await using var sample = await QuotaTarget.SampleInProcessAsync(postgres, flaw, clock, s => s.AddSingleton(log), Token);

        for (var i = 0; i < Tenants; i++)
        {
            (await sample.GetAsync("/sites", QuotaTarget.NewTenant(), Token)).Status.Should().Be(HttpStatusCode.OK);
        }
        clock.Advance(TimeSpan.FromHours(1));
        (await sample.GetAsync("/sites", QuotaTarget.NewTenant(), Token)).Status.Should().Be(HttpStatusCode.OK);

        log.Count.Should().Be(kept, "an hour of idleness evicts nothing from the flawed log");
    }

    [Fact]
    public void Each_tenant_holds_at_least_100_KB()
    {
        var log = new TenantRequestLog(TimeProvider.System);
        var before = GC.GetAllocatedBytesForCurrentThread();

        log.Record(Guid.NewGuid().ToString());

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeGreaterThan(100 * 1024);
    }

    /// <summary>
    /// The growth a soak with tenant churn sees, as the process's resident memory: the flawed sample grows by more than
    /// 100 KB per new tenant id (the clean one's growth is printed beside it, for comparison, not judged).
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(Flaws.QuotaUnboundedState)]
    public async Task Resident_memory_grows_with_each_new_tenant_id_with_the_flaw(string? flaw)
    {
        const int NewTenants = 400;
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("resident memory is read from /proc");
        }
        await using var sample = await QuotaTarget.StartAsync(postgres, QuotaTarget.SampleProcess(flaw), Token);
        var pid = int.Parse(Pid().Match(sample.Running.Description).Groups[1].Value, CultureInfo.InvariantCulture);
        for (var i = 0; i < 50; i++)
        {
            await sample.GetAsync("/sites", QuotaTarget.NewTenant(), Token);
        }
        var before = await ResidentKbAsync(pid);

        for (var i = 0; i < NewTenants; i++)
        {
            (await sample.GetAsync("/sites", QuotaTarget.NewTenant(), Token)).Status.Should().Be(HttpStatusCode.OK);
        }
        var grown = await ResidentKbAsync(pid) - before;

        TestContext.Current.TestOutputHelper?.WriteLine($"{flaw ?? "clean"}: resident memory grew {grown} KB over {NewTenants} new tenant ids ({grown / NewTenants} KB each)");
        if (flaw is not null)
        {
            grown.Should().BeGreaterThan(100 * NewTenants);
        }
    }

    private static async Task<long> ResidentKbAsync(int pid)
    {
        var status = await File.ReadAllLinesAsync($"/proc/{pid}/status", Token);
        return long.Parse(status.Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex Pid();
}

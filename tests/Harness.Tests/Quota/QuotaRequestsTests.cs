using FluentAssertions;
using Harness.Ledger;
using Harness.Model;
using Harness.Scenarios.Quota;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;

namespace Harness.Tests.Quota;

/// <summary>A limit's probe endpoint gets each tenant's own seeded ids for its route parameters, or says why it cannot.</summary>
public sealed class QuotaRequestsTests
{
    private static readonly TenancyModel Model = new() { TenantKey = "company_id", Root = new TableName("companies"), ContextSetting = "app.company_id", AppRole = "app" };

    private static readonly SeedLedger Ledger = new(7, "company_id",
    [
        new SeededTenant(0, "c0", "tenant 0", [new SeededTable("sites", ["id"], [["s0a"], ["s0b"]]) { Deleted = [0] }], []),
        new SeededTenant(1, "c1", "tenant 1", [new SeededTable("sites", ["id"], [["s1a"]])], []),
    ]);

    private static readonly Endpoint Site = new("GET", "/companies/{companyId}/sites/{siteId}", EndpointKind.Resource,
        [new PathParameter("companyId", new TableName("companies"), "id"), new PathParameter("siteId", new TableName("sites"), "id")]);

    [Fact]
    public void Route_parameters_take_the_tenants_own_first_live_seeded_id()
    {
        var requests = new QuotaRequests([Site], null, Ledger, Model with { RootKey = "id" });

        requests.For(new QuotaEndpoint("GET", Site.Path), Principal(0)).Request!.PathAndQuery.Should().Be("/companies/c0/sites/s0b");
        requests.For(new QuotaEndpoint("GET", Site.Path), Principal(1)).Request!.PathAndQuery.Should().Be("/companies/c1/sites/s1a");
    }

    [Fact]
    public void A_path_without_parameters_is_sent_as_it_is_and_a_write_gets_a_json_body()
    {
        var requests = new QuotaRequests([], null, Ledger, Model);

        requests.For(new QuotaEndpoint("GET", "/sites"), Principal(0)).Request.Should().Be(new Harness.Targets.TargetRequest("GET", "/sites"));
        requests.For(new QuotaEndpoint("POST", "/exports"), Principal(0)).Request!.JsonBody.Should().Be("{}");
    }

    [Fact]
    public void An_unmapped_parameter_says_what_to_declare()
    {
        var requests = new QuotaRequests([], "no table named widgets", Ledger, Model);

        var (request, problem) = requests.For(new QuotaEndpoint("GET", "/widgets/{widgetId}"), Principal(0));

        request.Should().BeNull();
        problem.Should().Contain("endpoints.routes").And.Contain("no table named widgets");
    }

    private static TenantPrincipal Principal(int index) => new(index, $"c{index}", $"u{index}", $"tenant {index}");
}

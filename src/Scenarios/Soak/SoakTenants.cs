using System.Globalization;
using Harness.Catalog;
using Harness.Ledger;
using Harness.Model;
using Harness.Probing;
using Harness.Running;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;
using Harness.Manifest;

namespace Harness.Scenarios.Soak;

/// <summary>
/// Who the soak acts as: the first seeded tenant is the noisy one, the next <c>neighbours</c> are the neighbours; with
/// <c>--shard i/n</c> neighbour k runs in shard (k - 1) mod n + 1 and the noisy tenant in shard 1. Each requests the
/// endpoint with its own seeded ids in the path.
/// </summary>
internal sealed record SoakTenants(SoakTenant? Noisy, IReadOnlyList<SoakTenant> Neighbours, int NeighboursPlanned)
{
    public static async Task<SoakTenants> PlanAsync(
        string endpoint, int neighbours, SeedLedger ledger, TenancyModel model, CatalogSnapshot catalog, EndpointsSection? endpoints,
        string adminConnectionString, Shard shard, CancellationToken cancellationToken)
    {
        var tenants = ledger.Tenants.OrderBy(t => t.Index).ToList();
        if (tenants.Count < 2)
        {
            throw new SoakException($"The soak needs at least 2 seeded tenants, a noisy one and a neighbour; the ledger has {tenants.Count}. Raise seed.tenants (or --tenants).");
        }

        var route = Resolve(endpoint, endpoints, model, catalog);
        var members = await TenantMembers.ReadAsync(adminConnectionString, model, cancellationToken);
        // The same user per tenant as the other families act as (IDOR, quota), so a soak's credentials are theirs.
        var principals = SeededPrincipals.For(ledger, model, members).ToDictionary(p => p.TenantIndex);
        var count = Math.Min(neighbours, tenants.Count - 1);
        SoakTenant For(SeededTenant tenant, string label) => new(label, principals[tenant.Index], PathFor(route, tenant, model));

        var noisy = shard.Index == 1 ? For(tenants[0], SoakTenant.NoisyLabel) : null;
        var chosen = Enumerable.Range(1, count)
            .Where(number => (number - 1) % shard.Count == shard.Index - 1)
            .Select(number => For(tenants[number], SoakTenant.NeighbourLabel(number)))
            .ToList();
        return new SoakTenants(noisy, chosen, count);
    }

    /// <summary>The endpoint with its path parameters mapped to tables, as the manifest's endpoints section maps them.</summary>
    private static Endpoint Resolve(string endpoint, EndpointsSection? endpoints, TenancyModel model, CatalogSnapshot catalog)
    {
        var parts = endpoint.Split(' ', 2);
        var path = Endpoint.Normalize(parts[1]);
        if (Endpoint.ParameterNames(path).Count == 0)
        {
            return new Endpoint(parts[0], path, EndpointKind.Public, []);
        }

        var declared = endpoints?.Routes.FirstOrDefault(r => r.Method == parts[0] && Endpoint.Normalize(r.Path) == path);
        var section = new EndpointsSection
        {
            Parameters = endpoints?.Parameters ?? new Dictionary<string, string>(),
            Routes = [declared ?? new RouteSection { Method = parts[0], Path = path }],
        };
        var resolution = EndpointResolver.Resolve(section, [], model, catalog);
        return resolution.Endpoints is [var resolved]
            ? resolved
            : throw new SoakException($"soak.endpoint '{endpoint}' cannot be given a tenant's own ids: {string.Join("; ", resolution.NotTenantScoped)}");
    }

    private static string PathFor(Endpoint endpoint, SeededTenant tenant, TenancyModel model)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in endpoint.Parameters)
        {
            values[parameter.Name] = OwnValues.Of(parameter, tenant, model)
                ?? throw new SoakException(string.Create(CultureInfo.InvariantCulture,
                    $"soak.endpoint {endpoint.Route}: tenant {tenant.Index} has no seeded {parameter.Table}.{parameter.Column} for {{{parameter.Name}}}; map the parameter to a seeded table's key in endpoints.parameters"));
        }

        return endpoint.FillPath(values);
    }
}

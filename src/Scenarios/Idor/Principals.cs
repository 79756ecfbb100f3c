using Harness.Ledger;
using Harness.Model;
using Harness.Targets.Credentials;

namespace Harness.Scenarios.Idor;

/// <summary>The user the probes act as for each tenant: the tenant's first seeded member (membership table), else the tenant itself.</summary>
internal static class Principals
{
    public static IReadOnlyList<TenantPrincipal> For(SeedLedger ledger, TenancyModel model)
    {
        var principals = new List<TenantPrincipal>();
        foreach (var tenant in ledger.Tenants)
        {
            var userId = tenant.TenantId;
            if (model.Membership is { } membership && tenant.Table(membership.Value) is { Keys.Count: > 0 } users)
            {
                var column = users.KeyColumns.Select((c, i) => (c, i)).Where(x => x.c != model.TenantColumnOf(membership)).Select(x => x.i).ToList();
                if (column.Count == 1)
                {
                    userId = users.Keys[0][column[0]];
                }
            }

            principals.Add(new TenantPrincipal(tenant.Index, tenant.TenantId, userId, tenant.Name));
        }

        return principals;
    }
}

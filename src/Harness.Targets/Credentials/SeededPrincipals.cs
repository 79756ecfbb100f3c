using Harness.Ledger;
using Harness.Model;
using Harness.Probing;

namespace Harness.Targets.Credentials;

/// <summary>
/// The user the probes act as for each tenant: the tenant's first member as the membership table's user column names it
/// when the tenant context names <c>{userId}</c> (the same user the RLS matrix acts as), else the first seeded membership
/// row's key, else the tenant itself. Shared by the families that act as seeded users (IDOR, quota, chaos).
/// </summary>
public static class SeededPrincipals
{
    public static IReadOnlyList<TenantPrincipal> For(SeedLedger ledger, TenancyModel model, TenantMembers members)
    {
        var principals = new List<TenantPrincipal>();
        foreach (var tenant in ledger.Tenants)
        {
            var userId = tenant.TenantId;
            if (model.Context.UsesUserId && members.First(tenant.TenantId) is { } member)
            {
                userId = member;
            }
            else if (model.Membership is { } membership && tenant.Table(membership.Value) is { Keys.Count: > 0 } users)
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

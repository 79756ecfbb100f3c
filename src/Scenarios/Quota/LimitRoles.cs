using Harness.Probing;
using Harness.Targets.Credentials;

namespace Harness.Scenarios.Quota;

/// <summary>
/// The seeded users one limit's probes act as, each its own bucket: <see cref="Noisy"/> floods, <see cref="Neighbour"/> sends
/// a few requests meanwhile, <see cref="Fresh"/> measures the limit on an untouched bucket, <see cref="Victim"/> is the
/// tenant whose id the spoofed flood carries and <see cref="Bystander"/> the control beside it.
/// </summary>
internal sealed record LimitRoles(TenantPrincipal Noisy, TenantPrincipal Neighbour, TenantPrincipal? Fresh, TenantPrincipal? Victim, TenantPrincipal? Bystander)
{
    private const int PerLimit = 5;

    /// <summary>
    /// The roles of limit number <paramref name="limitIndex"/>: tenants in an order drawn from the run's seed, five per limit
    /// (so limits start on different tenants); with fewer tenants the victim is the neighbour (it sent only a few requests)
    /// and the fresh measurement is left out. With a user key the neighbour is another user of the noisy tenant when it has one.
    /// </summary>
    public static LimitRoles For(IReadOnlyList<TenantPrincipal> principals, TenantMembers members, int seed, int limitIndex, QuotaKeyKind key)
    {
        if (principals.Count < 2)
        {
            throw new QuotaException($"The quota checks need at least 2 seeded tenants (a noisy one and a neighbour); the ledger has {principals.Count}.");
        }

        var order = principals.OrderBy(p => p.TenantIndex).ToArray();
        new Random(seed).Shuffle(order);
        var start = limitIndex * PerLimit % order.Length;
        var chosen = Enumerable.Range(0, Math.Min(PerLimit, order.Length)).Select(i => order[(start + i) % order.Length]).ToList();
        var noisy = chosen[0];
        var neighbour = chosen[1];
        if (key == QuotaKeyKind.User && members.Of(noisy.TenantId).FirstOrDefault(u => u != noisy.UserId) is { } otherUser)
        {
            neighbour = noisy with { UserId = otherUser };
        }

        var rest = chosen.Skip(2).ToList();
        return new LimitRoles(
            noisy,
            neighbour,
            Fresh: rest.Count > 2 ? rest[2] : null,
            Victim: rest.Count > 1 ? rest[1] : rest.Count == 1 ? chosen[1] : null,
            Bystander: rest.Count > 0 ? rest[0] : null);
    }
}

namespace Harness.Probing;

/// <summary>
/// Which (attacker, victim) pairs a scenario family probes. Up to <see cref="AllPairsUpTo"/> tenants: every ordered pair.
/// Above: a cyclic shift (tenant i attacks i+1, so every tenant is attacker once and victim once) plus as many
/// pairs again drawn from a generator seeded with the run's seed, so the same seed gives the same plan.
/// </summary>
public static class PairPlan
{
    /// <summary>Up to this many tenants every ordered pair is probed.</summary>
    public const int AllPairsUpTo = 12;

    /// <param name="allPairs">Probe every ordered pair whatever the number of tenants (n x (n - 1) pairs).</param>
    public static IReadOnlyList<TenantPair> For(int tenants, int seed, bool allPairs = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tenants, 0);
        if (tenants < 2)
        {
            return [];
        }

        var pairs = new List<TenantPair>();
        if (allPairs || tenants <= AllPairsUpTo)
        {
            for (var a = 0; a < tenants; a++)
            {
                for (var v = 0; v < tenants; v++)
                {
                    if (a != v)
                    {
                        pairs.Add(new TenantPair(a, v));
                    }
                }
            }

            return pairs;
        }

        var seen = new HashSet<TenantPair>();
        for (var a = 0; a < tenants; a++)
        {
            var pair = new TenantPair(a, (a + 1) % tenants);
            seen.Add(pair);
            pairs.Add(pair);
        }

        // System.Random with an explicit seed is the same sequence on every platform and .NET version.
        var random = new Random(unchecked((seed * 7919) ^ tenants));
        while (pairs.Count < 2 * tenants)
        {
            var attacker = random.Next(tenants);
            var victim = random.Next(tenants - 1);
            if (victim >= attacker)
            {
                victim++;
            }

            var pair = new TenantPair(attacker, victim);
            if (seen.Add(pair))
            {
                pairs.Add(pair);
            }
        }

        return pairs;
    }

    /// <summary>How the plan was made, for progress and reports.</summary>
    public static string Describe(int tenants, int pairs) =>
        pairs == (long)tenants * (tenants - 1)
            ? $"all {pairs} ordered pairs of {tenants} tenants"
            : $"{pairs} of {(long)tenants * (tenants - 1)} ordered pairs of {tenants} tenants (cyclic shift + {pairs - tenants} seeded pairs)";
}

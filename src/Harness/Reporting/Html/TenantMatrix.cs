using Harness.Findings;
using Harness.Ledger;

namespace Harness.Reporting.Html;

/// <summary>A tenant as a matrix header: <see cref="Key"/> goes into data attributes, <see cref="Label"/> on screen.</summary>
/// <param name="Key">The tenant's id (the ledger's <see cref="SeededTenant.TenantId"/>, else the name a finding used).</param>
/// <param name="Label">The tenant's number, <c>T1</c>, <c>T2</c>... in display order: seeded names carry canaries and are long.</param>
/// <param name="Description">Number and id together, for tooltips.</param>
internal sealed record MatrixTenant(string Key, string Label, string Description);

/// <summary>
/// The tenant x tenant matrix of a report: which findings name which attacker and victim tenant, and which tenants fit
/// into a grid of at most <c>cap</c> x <c>cap</c> (tenants involved in the most findings first, then the other seeded
/// tenants in ledger order). Findings are referred to by their position in <see cref="RunReport.Findings"/>.
/// </summary>
internal sealed class TenantMatrix
{
    private readonly Dictionary<(string Attacker, string Victim), List<int>> cells;
    private readonly HashSet<(string Attacker, string Victim)> probed;

    private TenantMatrix(
        IReadOnlyList<MatrixTenant> shown, int knownTenants, int involvedTenants, int pairFindings, int findingsOutsideGrid,
        Dictionary<(string Attacker, string Victim), List<int>> cells, HashSet<(string Attacker, string Victim)> probed)
    {
        this.probed = probed;
        Shown = shown;
        KnownTenants = knownTenants;
        InvolvedTenants = involvedTenants;
        PairFindings = pairFindings;
        FindingsOutsideGrid = findingsOutsideGrid;
        this.cells = cells;
    }

    /// <summary>The tenants on both axes, in display order (ledger order, then names not in the ledger in natural order).</summary>
    public IReadOnlyList<MatrixTenant> Shown { get; }

    /// <summary>Every tenant the matrix knows: the ledger's, plus any a finding names that the ledger does not have.</summary>
    public int KnownTenants { get; }

    /// <summary>Tenants named by at least one finding, as attacker or victim.</summary>
    public int InvolvedTenants { get; }

    /// <summary>Findings that name an attacker and a victim tenant.</summary>
    public int PairFindings { get; }

    /// <summary>Pair findings whose attacker or victim did not fit into the grid.</summary>
    public int FindingsOutsideGrid { get; }

    public int LeftOut => KnownTenants - Shown.Count;

    /// <summary>Pairs a check says it probed (a pair with a finding was probed too).</summary>
    public int ProbedPairs => probed.Count;

    /// <summary>Whether a check probed the pair, or a finding names it.</summary>
    public bool WasProbed(string attacker, string victim) => probed.Contains((attacker, victim)) || cells.ContainsKey((attacker, victim));

    /// <summary>Positions (in <see cref="RunReport.Findings"/>) of the findings of one cell, ascending.</summary>
    public IReadOnlyList<int> At(string attacker, string victim) =>
        cells.TryGetValue((attacker, victim), out var list) ? list : [];

    /// <summary>The matrix of <paramref name="findings"/> and the pairs checks probed, at most <paramref name="cap"/> tenants on each axis.</summary>
    public static TenantMatrix Build(IReadOnlyList<Finding> findings, IEnumerable<FindingTenants> probedPairs, SeedLedger? ledger, int cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);

        // Ledger tenants in index order; a finding may name a tenant by id or by display name (id wins).
        var known = new List<MatrixTenant>();
        var byName = new Dictionary<string, MatrixTenant>(StringComparer.Ordinal);
        foreach (var tenant in ledger?.Tenants.OrderBy(t => t.Index) ?? Enumerable.Empty<SeededTenant>())
        {
            var header = new MatrixTenant(tenant.TenantId, "", "");
            if (byName.TryAdd(tenant.TenantId, header))
            {
                known.Add(header);
            }
        }

        foreach (var tenant in ledger?.Tenants ?? [])
        {
            if (!string.IsNullOrWhiteSpace(tenant.Name) && byName.TryGetValue(tenant.TenantId, out var header))
            {
                byName.TryAdd(tenant.Name, header);
            }
        }

        var unlisted = new List<MatrixTenant>();
        MatrixTenant Resolve(string name)
        {
            if (!byName.TryGetValue(name, out var header))
            {
                header = new MatrixTenant(name, name, name);
                byName.Add(name, header);
                unlisted.Add(header);
            }

            return header;
        }

        var cells = new Dictionary<(string Attacker, string Victim), List<int>>();
        var involvement = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairFindings = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            if (findings[i].Tenants is not { } tenants)
            {
                continue;
            }

            pairFindings++;
            var attacker = Resolve(tenants.Attacker).Key;
            var victim = Resolve(tenants.Victim).Key;
            if (!cells.TryGetValue((attacker, victim), out var list))
            {
                list = [];
                cells.Add((attacker, victim), list);
            }

            list.Add(i);
            involvement[attacker] = involvement.GetValueOrDefault(attacker) + 1;
            if (victim != attacker)
            {
                involvement[victim] = involvement.GetValueOrDefault(victim) + 1;
            }
        }

        var probed = new HashSet<(string Attacker, string Victim)>();
        foreach (var pair in probedPairs)
        {
            probed.Add((Resolve(pair.Attacker).Key, Resolve(pair.Victim).Key));
        }

        unlisted.Sort((a, b) => NaturalComparer.Instance.Compare(a.Key, b.Key));
        known.AddRange(unlisted);
        known = [.. known.Select((t, i) => Numbered(t.Key, i + 1))];
        var position = known.Select((t, i) => (t.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);

        // Who makes the cut: most involved first (ties by display order), then the uninvolved in display order.
        var chosen = known
            .OrderByDescending(t => involvement.GetValueOrDefault(t.Key))
            .ThenBy(t => position[t.Key])
            .Take(cap)
            .OrderBy(t => position[t.Key])
            .ToList();
        var shownKeys = chosen.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var outside = cells
            .Where(c => !shownKeys.Contains(c.Key.Attacker) || !shownKeys.Contains(c.Key.Victim))
            .Sum(c => c.Value.Count);

        return new TenantMatrix(chosen, known.Count, involvement.Count, pairFindings, outside, cells, probed);
    }

    private static MatrixTenant Numbered(string key, int number)
    {
        var label = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"T{number}");
        return new MatrixTenant(key, label, label == key ? key : $"{label} (id {key})");
    }

    /// <summary>Orders "t2" before "t10": runs of ASCII digits compare by value, everything else ordinally.</summary>
    internal sealed class NaturalComparer : IComparer<string>
    {
        public static readonly NaturalComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    var xEnd = i;
                    while (xEnd < x.Length && char.IsAsciiDigit(x[xEnd]))
                    {
                        xEnd++;
                    }

                    var yEnd = j;
                    while (yEnd < y.Length && char.IsAsciiDigit(y[yEnd]))
                    {
                        yEnd++;
                    }

                    var xDigits = x.AsSpan(i, xEnd - i).TrimStart('0');
                    var yDigits = y.AsSpan(j, yEnd - j).TrimStart('0');
                    var byValue = xDigits.Length != yDigits.Length
                        ? xDigits.Length.CompareTo(yDigits.Length)
                        : xDigits.SequenceCompareTo(yDigits);
                    if (byValue != 0)
                    {
                        return byValue;
                    }

                    i = xEnd;
                    j = yEnd;
                    continue;
                }

                if (x[i] != y[j])
                {
                    return x[i].CompareTo(y[j]);
                }

                i++;
                j++;
            }

            var byLength = (x.Length - i).CompareTo(y.Length - j);
            return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
        }
    }
}

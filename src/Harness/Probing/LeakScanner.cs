using System.Text.RegularExpressions;
using Harness.Ledger;

namespace Harness.Probing;

/// <summary>One piece of another tenant's data found in an answer: a canary token or a seeded id (uuid).</summary>
public sealed record Leak(int Victim, string Kind, string Value)
{
    public override string ToString() => $"{Kind} {Value}";
}

/// <summary>
/// Finds other tenants' data in any text (JSON, CSV, HTML): their canary tokens (<see cref="CanaryToken.FindIn"/>, owner by the
/// ledger) and their seeded uuid ids (tenant ids and primary keys). Values the request itself carried are not leaks (an echo
/// of the id asked for is not data). Integer ids are not scanned: numbers are everywhere.
/// </summary>
public sealed partial class LeakScanner
{
    private readonly Dictionary<string, int> canaries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> ids = new(StringComparer.OrdinalIgnoreCase);

    public LeakScanner(SeedLedger ledger)
    {
        foreach (var tenant in ledger.Tenants)
        {
            foreach (var canary in tenant.Canaries)
            {
                canaries[canary] = tenant.Index;
            }

            AddId(tenant.TenantId, tenant.Index);
            foreach (var value in tenant.Tables.SelectMany(t => t.Keys).SelectMany(k => k))
            {
                AddId(value, tenant.Index);
            }
        }
    }

    /// <summary>Other tenants' data in <paramref name="text"/> (at most <paramref name="max"/> per victim), ignoring values in <paramref name="request"/>.</summary>
    public IReadOnlyList<Leak> Scan(string text, int attacker, string request, int max = 5)
    {
        var leaks = new List<Leak>();
        var perVictim = new Dictionary<int, int>();
        foreach (var token in CanaryToken.FindIn(text).Distinct(StringComparer.Ordinal))
        {
            if (canaries.TryGetValue(token, out var owner) && owner >= 0 && owner != attacker && !request.Contains(token, StringComparison.Ordinal))
            {
                Add(leaks, perVictim, new Leak(owner, "canary", token), max);
            }
        }

        foreach (var match in Uuid().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (ids.TryGetValue(match, out var owner) && owner >= 0 && owner != attacker && !request.Contains(match, StringComparison.OrdinalIgnoreCase))
            {
                Add(leaks, perVictim, new Leak(owner, "id", match), max);
            }
        }

        return leaks;
    }

    private static void Add(List<Leak> leaks, Dictionary<int, int> perVictim, Leak leak, int max)
    {
        var count = perVictim.GetValueOrDefault(leak.Victim);
        if (count < max)
        {
            leaks.Add(leak);
            perVictim[leak.Victim] = count + 1;
        }
    }

    private void AddId(string value, int tenant)
    {
        // An id shared by two tenants (a global reference copied into both) identifies neither.
        if (Guid.TryParse(value, out _) && !ids.TryAdd(value, tenant) && ids[value] != tenant)
        {
            ids[value] = -1;
        }
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Uuid();
}

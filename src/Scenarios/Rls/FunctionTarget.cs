using System.Globalization;
using Harness.Catalog;
using Harness.Ledger;
using Harness.Sql;

namespace Harness.Scenarios.Rls;

/// <summary>
/// A function the app role can execute that reads tenant tables, called as the app would call an RPC. Arguments are
/// chosen to match the victim's rows: for text, the empty string (which matches everything in a LIKE search), the
/// victim's name and some of its canaries; for uuid and integer arguments, the victim's tenant id and row ids.
/// </summary>
internal sealed class FunctionTarget
{
    private const int MaxCanaries = 6;
    private const int MaxIds = 40;

    private FunctionTarget(FunctionInfo function, IReadOnlyList<string> argumentTypes)
    {
        Function = function;
        ArgumentTypes = argumentTypes;
        var arguments = string.Join(", ", argumentTypes.Select((t, i) => $"${i + 1}::{t}"));
        Sql = $"SELECT to_jsonb(r)::text FROM {SqlIdentifier.Quote(function.Name)}({arguments}) AS r LIMIT 1000";
    }

    public FunctionInfo Function { get; }

    public IReadOnlyList<string> ArgumentTypes { get; }

    public string Sql { get; }

    public string Signature => Function.Signature;

    /// <summary>The function as a target, or null when an argument has a type the matrix cannot aim at a tenant.</summary>
    public static FunctionTarget? For(FunctionInfo function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var open = function.Signature.IndexOf('(', StringComparison.Ordinal);
        var close = function.Signature.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var inner = function.Signature[(open + 1)..close].Trim();
        string[] types = inner.Length == 0 ? [] : [.. inner.Split(", ").Select(t => t.Trim())];
        return types.All(t => KindOf(t) is not ArgumentKind.Unsupported) ? new FunctionTarget(function, types) : null;
    }

    /// <summary>Argument lists (as text) aimed at <paramref name="victim"/>'s rows; empty when some argument has no candidate.</summary>
    public IReadOnlyList<string[]> ArgumentSets(SeededTenant victim)
    {
        if (ArgumentTypes.Count == 0)
        {
            return [[]];
        }

        var candidates = ArgumentTypes.Select(t => Candidates(KindOf(t), victim)).ToList();
        if (candidates.Any(c => c.Count == 0))
        {
            return [];
        }

        var count = candidates.Max(c => c.Count);
        return [.. Enumerable.Range(0, count).Select(i => candidates.Select(c => c[i % c.Count]).ToArray())];
    }

    private static List<string> Candidates(ArgumentKind kind, SeededTenant victim)
    {
        var ids = new[] { victim.TenantId }.Concat(victim.Tables.SelectMany(t => t.Keys).SelectMany(k => k));
        return kind switch
        {
            ArgumentKind.Text => ["", victim.Name, .. Spread(victim.Canaries, MaxCanaries)],
            ArgumentKind.Uuid => [.. ids.Where(v => Guid.TryParse(v, out _)).Distinct(StringComparer.Ordinal).Take(MaxIds)],
            ArgumentKind.Integer => [.. ids.Where(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                .Distinct(StringComparer.Ordinal).Take(MaxIds)],
            _ => [],
        };
    }

    private static IEnumerable<string> Spread(IReadOnlyList<string> items, int count) =>
        items.Count <= count ? items : Enumerable.Range(0, count).Select(i => items[i * items.Count / count]);

    private static ArgumentKind KindOf(string type) => type switch
    {
        "text" or "character varying" or "character" or "name" or "citext" => ArgumentKind.Text,
        "uuid" => ArgumentKind.Uuid,
        "integer" or "bigint" or "smallint" => ArgumentKind.Integer,
        _ => ArgumentKind.Unsupported,
    };

    private enum ArgumentKind
    {
        Unsupported,
        Text,
        Uuid,
        Integer,
    }
}

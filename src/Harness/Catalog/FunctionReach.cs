using System.Text.RegularExpressions;
using Harness.Model;

namespace Harness.Catalog;

/// <summary>
/// The tables a function reads: those named in its body, those behind views it names, and what the schema's functions it
/// calls read (they run with its rights when it is SECURITY DEFINER). Shared by the audit (AUD007) and the RLS matrix
/// (which functions to call), each read once per function.
/// </summary>
public sealed class FunctionReach(CatalogSnapshot catalog)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, IReadOnlySet<TableName>> reach = new(StringComparer.Ordinal);

    /// <summary>Every table <paramref name="function"/> reads, directly or through views and the functions it calls.</summary>
    public IReadOnlySet<TableName> TablesReadBy(FunctionInfo function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (!reach.TryGetValue(function.Signature, out var tables))
        {
            var collected = new HashSet<TableName>();
            Collect(function, collected, []);
            reach[function.Signature] = tables = collected;
        }

        return tables;
    }

    /// <summary>Whether <paramref name="text"/> names an identifier as a whole word, optionally quoted or qualified.</summary>
    public static bool NamesObject(string text, string name) =>
        Regex.IsMatch(
            text,
            $@"(?<![\w$])""?{Regex.Escape(name)}""?(?![\w$])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            Timeout);

    private void Collect(FunctionInfo function, HashSet<TableName> tables, HashSet<string> visited)
    {
        if (!visited.Add(function.Signature))
        {
            return;
        }

        tables.UnionWith(function.ReferencedTables);
        foreach (var view in catalog.Views.Where(v => NamesObject(function.Source, v.Name.Value)))
        {
            tables.UnionWith(view.DependsOn);
        }

        var called = SqlText.CalledFunctionNames(function.Source);
        foreach (var callee in catalog.Functions.Where(f => called.Contains(f.Name)))
        {
            Collect(callee, tables, visited);
        }
    }
}

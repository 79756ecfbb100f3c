using System.Text.RegularExpressions;
using Harness.Catalog;

namespace Harness.Scenarios.Audit;

/// <summary>What a policy expression references of the tenant.</summary>
/// <param name="TenantColumn">It names the table's tenant column (directly or in a function it calls).</param>
/// <param name="ContextSetting">It names the tenant context setting (directly or in a function it calls).</param>
/// <param name="ViaFunctions">The schema's functions it calls whose bodies were looked into.</param>
public readonly record struct TenantReference(bool TenantColumn, bool ContextSetting, IReadOnlyList<string> ViaFunctions)
{
    /// <summary>Whether the expression ties rows to the current tenant: it names both the tenant column and the setting.</summary>
    public bool Constrains => TenantColumn && ContextSetting;
}

/// <summary>
/// Text analysis of policy expressions as <c>pg_get_expr</c> prints them. It is a heuristic: an expression
/// constrains the tenant when it (or a function of the schema it calls) names both the tenant column and
/// the context setting; <c>true</c> or an expression missing either does not.
/// </summary>
internal static class PolicyExpression
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>Whether the expression is the constant <c>true</c> (as <c>USING (true)</c> prints), ignoring parentheses.</summary>
    public static bool IsLiterallyTrue(string? expression)
    {
        if (expression is null)
        {
            return false;
        }

        var text = expression.Trim();
        while (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            text = text[1..^1].Trim();
        }

        return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
    }

    public static TenantReference Analyze(string? expression, string tenantColumn, string contextSetting, IReadOnlyList<FunctionInfo> functions)
    {
        if (expression is null || IsLiterallyTrue(expression))
        {
            return new TenantReference(false, false, []);
        }

        var texts = new List<string> { expression };
        var via = new List<string>();
        var pending = new Queue<string>(SqlText.CalledFunctionNames(expression));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            if (!seen.Add(name))
            {
                continue;
            }

            foreach (var function in functions.Where(f => f.Name == name))
            {
                via.Add(function.Signature);
                texts.Add(function.Source);
                foreach (var callee in SqlText.CalledFunctionNames(function.Source))
                {
                    pending.Enqueue(callee);
                }
            }
        }

        var column = texts.Any(t => NamesObject(SqlText.StripStringLiterals(t), tenantColumn));
        var setting = texts.Any(t => NamesSetting(t, contextSetting));
        return new TenantReference(column, setting, via);
    }

    /// <inheritdoc cref="FunctionReach.NamesObject"/>
    public static bool NamesObject(string text, string name) => FunctionReach.NamesObject(text, name);

    /// <summary>Whether <paramref name="text"/> names the setting (e.g. in <c>current_setting('app.company_id', true)</c>).</summary>
    public static bool NamesSetting(string text, string setting) =>
        Regex.IsMatch(
            text,
            $@"(?<![\w.$]){Regex.Escape(setting)}(?![\w.$])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            Timeout);
}

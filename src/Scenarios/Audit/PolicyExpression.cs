using System.Text;
using System.Text.RegularExpressions;
using Harness.Catalog;

namespace Harness.Scenarios.Audit;

/// <summary>What a policy expression references of the tenant and whether it ties rows to the caller's tenant.</summary>
/// <param name="TenantColumn">It names the table's tenant column (outside the functions it passes it to, or in a function it calls).</param>
/// <param name="ContextSetting">It reads the caller's identity: the context setting or another identity setting (directly or in a function it calls).</param>
/// <param name="ViaFunctions">The functions it calls, of any schema, whose bodies were looked into.</param>
public readonly record struct TenantReference(bool TenantColumn, bool ContextSetting, IReadOnlyList<string> ViaFunctions)
{
    /// <summary>It passes the tenant column to a function that compares that parameter with a membership read for the caller's identity.</summary>
    public bool ThroughMembership { get; init; }

    /// <summary>It reads a JSON claim the end user writes themselves (<c>user_metadata</c>): that is no identity.</summary>
    public bool TrustsUserClaim { get; init; }

    /// <summary>Why text analysis cannot decide (dynamic SQL, a language other than sql/plpgsql, ...); null when it can.</summary>
    public string? Undecided { get; init; }

    /// <summary>
    /// Whether the expression ties rows to the caller's tenant: it names the tenant column and reads the identity (the
    /// column compared with the context, or in a subquery over a membership table), or it passes the column to a
    /// function that checks membership, and it trusts no user-controlled claim.
    /// </summary>
    public bool Constrains => !TrustsUserClaim && ((TenantColumn && ContextSetting) || ThroughMembership);

    /// <summary>Whether the policy is neither judged tenant-scoped nor decidable from its text: the RLS matrix decides it.</summary>
    public bool LeftToMatrix => !Constrains && Undecided is not null;
}

/// <summary>
/// Text analysis of policy expressions as <c>pg_get_expr</c> prints them, following the functions they call in every
/// schema (transitively, cycle-safe, to <see cref="MaxDepth"/>). It is a heuristic: an expression is tenant-scoped when
/// it ties the row's tenant column to the caller's identity, directly (<c>tenant_id = current_setting(...)</c>,
/// <c>team_id = auth_team()</c>) or through a membership table (<c>team_id IN (SELECT team_id FROM members WHERE
/// user_id = auth.uid())</c>, or <c>is_member_of(team_id)</c> whose body compares that parameter in such a subquery).
/// What it cannot read (dynamic SQL, C functions, too deep) is left undecided rather than judged.
/// </summary>
internal static partial class PolicyExpression
{
    /// <summary>How many calls deep the analysis follows functions.</summary>
    public const int MaxDepth = 8;

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

        var reached = Reach(expression, functions);
        var bodies = reached.Functions.Select(f => f.Source).ToList();
        var outsideArguments = WithoutCatalogCallArguments(expression, functions);
        var column = NamesObject(SqlText.StripStringLiterals(outsideArguments), tenantColumn)
            || bodies.Any(b => NamesObject(SqlText.StripStringLiterals(b), tenantColumn));
        var identity = ReadsIdentity([expression, .. bodies], contextSetting);
        var membership = identity && SqlText.Calls(expression)
            .Any(call => call.Arguments.Select((a, i) => (a, i)).Any(x => IsColumn(x.a, tenantColumn)
                && Resolve(call, functions).Any(f => UsesParameter(f, x.i))));
        var userClaim = new[] { expression }.Concat(bodies)
            .Any(t => PolicySettings.UserControlledClaims.Any(c => t.Contains(c, StringComparison.OrdinalIgnoreCase)));
        return new TenantReference(column, identity, [.. reached.Functions.Select(Describe)])
        {
            ThroughMembership = membership,
            TrustsUserClaim = userClaim,
            Undecided = reached.Undecided,
        };
    }

    /// <summary>Whether the texts read a setting that carries the caller's identity (<see cref="PolicySettings.IsIdentity"/>).</summary>
    private static bool ReadsIdentity(IReadOnlyList<string> texts, string contextSetting) =>
        SqlText.SettingsReadBy(texts, []).Any(s => PolicySettings.IsIdentity(s, contextSetting))
        || texts.Any(t => NamesSetting(t, contextSetting));

    /// <summary>The catalog functions an expression reaches, breadth first, and why the analysis cannot decide, if it cannot.</summary>
    private static (List<FunctionInfo> Functions, string? Undecided) Reach(string expression, IReadOnlyList<FunctionInfo> functions)
    {
        var reached = new List<FunctionInfo>();
        var seen = new HashSet<FunctionInfo>(ReferenceEqualityComparer.Instance);
        string? undecided = null;
        var level = SqlText.Calls(expression).SelectMany(c => Resolve(c, functions)).ToList();
        for (var depth = 1; level.Count > 0; depth++)
        {
            var next = new List<FunctionInfo>();
            foreach (var function in level.Where(seen.Add))
            {
                if (depth > MaxDepth)
                {
                    undecided ??= $"it calls functions more than {MaxDepth} levels deep ({Describe(function)})";
                    continue;
                }

                reached.Add(function);
                undecided ??= Unreadable(function);
                next.AddRange(SqlText.Calls(function.Source).SelectMany(c => Resolve(c, functions)));
            }

            level = next;
        }

        return (reached, undecided);
    }

    /// <summary>Why the body of <paramref name="function"/> cannot be judged from its text, or null when it can.</summary>
    private static string? Unreadable(FunctionInfo function)
    {
        if (function.Language is not ("sql" or "plpgsql"))
        {
            return $"it calls {Describe(function)}, written in {function.Language}, whose body text analysis cannot read";
        }

        if (string.IsNullOrWhiteSpace(function.Source))
        {
            return $"the body of {Describe(function)} is not readable";
        }

        return function.Language == "plpgsql" && DynamicSql().IsMatch(SqlText.StripStringLiterals(function.Source))
            ? $"{Describe(function)} builds SQL at run time (EXECUTE)"
            : null;
    }

    private static IEnumerable<FunctionInfo> Resolve(SqlCall call, IReadOnlyList<FunctionInfo> functions) =>
        functions.Where(f => string.Equals(f.Name, call.Name, StringComparison.Ordinal)
            && (call.Schema is null || f.Schema.Length == 0 || string.Equals(f.Schema, call.Schema, StringComparison.Ordinal)));

    /// <summary>Whether <paramref name="function"/>'s body reads its parameter at <paramref name="index"/> (<c>$1</c> or its name).</summary>
    private static bool UsesParameter(FunctionInfo function, int index)
    {
        var body = SqlText.StripStringLiterals(function.Source);
        if (Regex.IsMatch(body, $@"\${index + 1}(?!\d)", RegexOptions.CultureInvariant, Timeout))
        {
            return true;
        }

        return index < function.ParameterNames.Count && function.ParameterNames[index] is { Length: > 0 } name
            && NamesObject(body, name);
    }

    /// <summary>Whether an argument is just the column (optionally qualified, quoted or cast).</summary>
    private static bool IsColumn(string argument, string column) =>
        Regex.IsMatch(
            argument,
            $@"^\(*(?:""?[\w$]+""?\.)?""?{Regex.Escape(column)}""?\)*(?:::[\w\s.""]+)?$",
            RegexOptions.CultureInvariant,
            Timeout);

    /// <summary>The expression with the arguments of calls to catalog functions blanked, so a column passed to a function does not count as compared.</summary>
    private static string WithoutCatalogCallArguments(string expression, IReadOnlyList<FunctionInfo> functions)
    {
        var stripped = new StringBuilder(SqlText.StripStringLiterals(expression));
        foreach (var call in SqlText.Calls(expression).Where(c => Resolve(c, functions).Any()))
        {
            for (var i = call.ArgumentsStart; i < call.ArgumentsEnd && i < stripped.Length; i++)
            {
                stripped[i] = ' ';
            }
        }

        return stripped.ToString();
    }

    private static string Describe(FunctionInfo function) =>
        function.Schema.Length == 0 ? function.Signature : $"{function.Schema}.{function.Signature}";

    /// <inheritdoc cref="FunctionReach.NamesObject"/>
    public static bool NamesObject(string text, string name) => FunctionReach.NamesObject(text, name);

    /// <summary>Whether <paramref name="text"/> names the setting (e.g. in <c>current_setting('app.company_id', true)</c>).</summary>
    public static bool NamesSetting(string text, string setting) =>
        Regex.IsMatch(
            text,
            $@"(?<![\w.$]){Regex.Escape(setting)}(?![\w.$])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            Timeout);

    [GeneratedRegex(@"\bEXECUTE\b(?!\s+(?:FUNCTION|PROCEDURE)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DynamicSql();
}

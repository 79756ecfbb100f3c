using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Sql;

namespace Harness.Scenarios.Rls;

/// <summary>The reproduction script of a probe: its statement with the parameters written out as literals.</summary>
internal static partial class RlsSql
{
    /// <summary>The statement with <c>$n</c> replaced by the n-th parameter as a literal (a string, or an array of strings).</summary>
    public static string Inline(string sql, IReadOnlyList<object> parameters) =>
        Placeholder().Replace(sql, m =>
        {
            var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
            return index < parameters.Count ? Render(parameters[index]) : m.Value;
        });

    /// <summary>A script to paste into psql connected as the app role: one transaction, always rolled back.</summary>
    public static string Reproduction(string appRole, string schema, string contextSetting, Probe probe)
    {
        var script = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"-- as the app role {appRole} (never as the table owner or a superuser); the transaction is rolled back\n")
            .Append("BEGIN;\n")
            .Append(CultureInfo.InvariantCulture, $"SET LOCAL search_path TO {SqlIdentifier.Quote(schema)};\n");
        if (probe.Setup.Count == 0)
        {
            script.Append(CultureInfo.InvariantCulture, $"-- {contextSetting} is not set: run this in a new session, where current_setting({SqlLiteral.Quote(contextSetting)}, true) IS NULL\n");
        }

        foreach (var step in probe.Setup)
        {
            script.Append(step.Script).Append('\n');
        }

        foreach (var (name, value) in probe.Settings)
        {
            script.Append(CultureInfo.InvariantCulture, $"SELECT set_config({SqlLiteral.Quote(name)}, {SqlLiteral.Quote(value)}, true);\n");
        }

        return script
            .Append(Inline(probe.Sql, probe.Parameters)).Append(";\n")
            .Append("ROLLBACK;")
            .ToString();
    }

    private static string Render(object value) => value switch
    {
        string text => SqlLiteral.Quote(text),
        string[] { Length: 0 } => "'{}'",
        string[] items => "ARRAY[" + string.Join(", ", items.Select(SqlLiteral.Quote)) + "]",
        _ => SqlLiteral.Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    [GeneratedRegex(@"\$(\d+)(?!\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Placeholder();
}

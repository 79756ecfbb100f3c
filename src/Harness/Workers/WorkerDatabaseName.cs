using System.Text.RegularExpressions;

namespace Harness.Workers;

/// <summary>
/// Names of worker databases: <c>h_&lt;runid&gt;_w&lt;n&gt;</c> like worker schemas, and <c>h_&lt;runid&gt;_tpl</c> for the
/// run's template. Only databases of these forms (and carrying the marker) are ever dropped by the harness.
/// </summary>
public static partial class WorkerDatabaseName
{
    public static string For(RunId run, int worker) => WorkerSchemaName.For(run, worker);

    public static string TemplateFor(RunId run) => $"{WorkerSchemaName.Prefix}{run}_tpl";

    public static bool TryParse(string database, out RunId run)
    {
        var match = Pattern().Match(database);
        run = match.Success ? RunId.Parse(match.Groups[1].Value) : default;
        return match.Success;
    }

    [GeneratedRegex("^h_([0-9a-z]{8})_(w[0-9]{1,4}|tpl)$")]
    private static partial Regex Pattern();
}

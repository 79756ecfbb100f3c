using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Workers;

/// <summary>Names of worker schemas: <c>h_&lt;runid&gt;_w&lt;n&gt;</c>. Only names of this form are ever dropped by the harness.</summary>
public static partial class WorkerSchemaName
{
    public const string Prefix = "h_";

    public static string For(RunId run, int worker) =>
        worker < 0 ? throw new ArgumentOutOfRangeException(nameof(worker)) : string.Create(CultureInfo.InvariantCulture, $"{Prefix}{run}_w{worker}");

    public static bool TryParse(string schema, out RunId run, out int worker)
    {
        var match = Pattern().Match(schema);
        if (!match.Success)
        {
            run = default;
            worker = -1;
            return false;
        }

        run = RunId.Parse(match.Groups[1].Value);
        worker = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return true;
    }

    [GeneratedRegex("^h_([0-9a-z]{8})_w([0-9]{1,4})$")]
    private static partial Regex Pattern();
}

using System.Globalization;
using System.Text;
using Harness.Targets;
using Harness.Targets.Credentials;

namespace Harness.Scenarios.Quota;

/// <summary>
/// Shell reproductions of quota findings: each tenant's token as <c>harness token</c> makes it, then the requests as curl
/// lines (a flood as a loop that counts the statuses, so the throttling shows again).
/// </summary>
internal sealed class QuotaReproductions(Uri baseAddress, string manifestPath, IReadOnlyDictionary<string, Credential> credentials)
{
    private readonly List<string> lines = [];
    private readonly Dictionary<string, string> variables = new(StringComparer.Ordinal);

    /// <summary>A new script.</summary>
    public QuotaReproductions Start() => new(baseAddress, manifestPath, credentials);

    /// <summary><paramref name="count"/> requests as <paramref name="who"/>, in parallel batches, their statuses counted.</summary>
    public QuotaReproductions Flood(TenantPrincipal who, TargetRequest request, int count, string comment)
    {
        lines.Add($"# {comment}");
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"for i in $(seq 1 {count}); do {Curl(who, request, quiet: true)} & done | sort | uniq -c; wait"));
        return this;
    }

    /// <summary><paramref name="count"/> requests as <paramref name="who"/> one after another, each status and Retry-After shown.</summary>
    public QuotaReproductions Sequence(TenantPrincipal who, TargetRequest request, int count, string comment)
    {
        lines.Add($"# {comment}");
        lines.Add(count == 1
            ? Curl(who, request, quiet: false)
            : string.Create(CultureInfo.InvariantCulture, $"for i in $(seq 1 {count}); do {Curl(who, request, quiet: false)} | grep -iE '^(HTTP/|retry-after|ratelimit)'; sleep 0.2; done"));
        return this;
    }

    public override string ToString()
    {
        var script = new StringBuilder();
        foreach (var (key, variable) in variables)
        {
            script.Append("# ").Append(variable).Append(" = a credential of ").Append(key).Append('\n');
        }

        script.Append("# ").Append(CurlCommand.SeededDataNote).Append('\n');
        script.AppendJoin('\n', lines);
        return script.ToString();
    }

    private string Curl(TenantPrincipal who, TargetRequest request, bool quiet)
    {
        if (!variables.TryGetValue(who.Key, out var variable))
        {
            variable = $"TOKEN_{(char)('A' + variables.Count)}";
            variables[who.Key] = variable;
            lines.Insert(0, CurlCommand.TokenCommand(manifestPath, who, variable));
        }

        var curl = CurlCommand.For(baseAddress, request, credentials.GetValueOrDefault(who.Key), variable);
        return quiet ? curl.Replace("curl -sS -i", "curl -sS -o /dev/null -w '%{http_code}\\n'", StringComparison.Ordinal) : curl;
    }
}

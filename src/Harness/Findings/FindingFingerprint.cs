using System.Security.Cryptography;
using System.Text;

namespace Harness.Findings;

/// <summary>
/// The stable identity of what a finding is about: its rule and its subject, never the run, the seed, the tenants or the
/// worker schema. Findings with one fingerprint form one group in the reports; SARIF carries it so code scanning
/// de-duplicates across runs, and a baseline suppresses by it.
/// </summary>
public static class FindingFingerprint
{
    /// <summary>The fingerprint of <paramref name="finding"/>: 16 lower-case hex digits.</summary>
    public static string Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Of(finding.Rule.Id, finding.Subject);
    }

    /// <summary>The fingerprint of a finding of rule <paramref name="ruleId"/> about <paramref name="subject"/>.</summary>
    public static string Of(string ruleId, string subject)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(subject);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"harness/1\n{ruleId}\n{subject}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}

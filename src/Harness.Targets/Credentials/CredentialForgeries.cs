using System.Text;

namespace Harness.Targets.Credentials;

/// <summary>
/// The credentials every non-public endpoint must refuse: none at all, a garbage token, and for JWT-shaped tokens the
/// signature altered and <c>alg: none</c>; plus whatever the strategy can forge itself (expired, another key).
/// </summary>
public static class CredentialForgeries
{
    public const string None = "none";

    /// <summary>(name, credential) pairs; the credential is null for <see cref="None"/> (no credential sent).</summary>
    public static IReadOnlyList<(string Name, Credential? Credential)> For(Credential valid, ICredentialStrategy strategy, TenantPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var list = new List<(string, Credential?)> { (None, null), ("garbage", valid.WithToken("not-a-valid-token")) };
        var parts = valid.Token.Split('.');
        if (parts.Length == 3)
        {
            var signature = parts[2].Length == 0 ? "AAAA" : (parts[2][0] == 'A' ? "B" : "A") + parts[2][1..];
            list.Add(("tampered-signature", valid.WithToken($"{parts[0]}.{parts[1]}.{signature}")));
            var none = Hs256Token.Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"));
            list.Add(("alg-none", valid.WithToken($"{none}.{parts[1]}.")));
        }

        if (strategy is ICredentialForger forger)
        {
            list.AddRange(forger.Forge(principal).Select(f => (f.Name, (Credential?)f.Credential)));
        }

        return list;
    }
}

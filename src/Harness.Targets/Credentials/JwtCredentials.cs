using System.Security.Cryptography;

namespace Harness.Targets.Credentials;

/// <summary>Mints an HS256 JWT per user from <see cref="JwtOptions"/>; no request to the target. Can also forge expired and wrongly signed tokens.</summary>
public sealed class JwtCredentials : ICredentialStrategy, ICredentialForger
{
    private readonly JwtOptions options;

    public JwtCredentials(JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
    }

    public string Description =>
        $"JWT HS256{(options.Issuer is null ? "" : $" (issuer {options.Issuer})")}{(options.KeyWarning is { } warning ? $" (warning: {warning})" : "")}";

    public Task<Credential> IssueAsync(TenantPrincipal principal, HttpClient target, CancellationToken cancellationToken = default) =>
        Task.FromResult(options.Carrier.WithToken(Mint(principal)));

    /// <summary>A token for <paramref name="principal"/> valid from now for <see cref="JwtOptions.Lifetime"/> (or another lifetime and key).</summary>
    public string Mint(TenantPrincipal principal, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null, string? signingKey = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var now = issuedAt ?? options.Time.GetUtcNow();
        var values = principal.Placeholders();
        var claims = new List<KeyValuePair<string, object>>();
        if (options.Issuer is not null)
        {
            claims.Add(new("iss", options.Issuer));
        }

        if (options.Audience is not null)
        {
            claims.Add(new("aud", options.Audience));
        }

        foreach (var (name, template) in options.Claims)
        {
            claims.Add(new(name, TargetPlaceholders.Fill(template, values)));
        }

        claims.Add(new("iat", now.ToUnixTimeSeconds()));
        claims.Add(new("nbf", now.ToUnixTimeSeconds()));
        claims.Add(new("exp", (now + (lifetime ?? options.Lifetime)).ToUnixTimeSeconds()));
        return Hs256Token.Create(claims, signingKey ?? options.SigningKey);
    }

    public IReadOnlyList<(string Name, Credential Credential)> Forge(TenantPrincipal principal)
    {
        var expiredAt = options.Time.GetUtcNow() - TimeSpan.FromHours(2);
        var otherKey = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("not-the-key:" + options.SigningKey)));
        return
        [
            ("expired", options.Carrier.WithToken(Mint(principal, expiredAt, TimeSpan.FromHours(1)))),
            ("wrong-key", options.Carrier.WithToken(Mint(principal, signingKey: otherKey))),
        ];
    }
}

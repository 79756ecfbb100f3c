namespace Harness.Targets.Credentials;

/// <summary>
/// How the harness acts as a seeded user of a tenant. Ready instances: <see cref="JwtCredentials"/> (mint a token from a
/// test key and a claims template), <see cref="LoginCredentials"/> (a login request recipe), <see cref="StaticTokenCredentials"/>
/// (a file of tokens per tenant) and <see cref="DelegateCredentials"/> (C# code, e.g. in-process). Wrap one in a
/// <see cref="CachedCredentials"/> to issue once per user and refresh on 401.
/// </summary>
public interface ICredentialStrategy
{
    /// <summary>One line for progress, e.g. "JWT HS256 (issuer sample-target)".</summary>
    string Description { get; }

    /// <summary>A credential for <paramref name="principal"/>; <paramref name="target"/> is the target's client (a login recipe posts to it).</summary>
    Task<Credential> IssueAsync(TenantPrincipal principal, HttpClient target, CancellationToken cancellationToken = default);
}

/// <summary>A strategy that can also make credentials the target must refuse (expired, signed with another key).</summary>
public interface ICredentialForger
{
    /// <summary>Named invalid credentials for <paramref name="principal"/>, e.g. ("expired", ...).</summary>
    IReadOnlyList<(string Name, Credential Credential)> Forge(TenantPrincipal principal);
}

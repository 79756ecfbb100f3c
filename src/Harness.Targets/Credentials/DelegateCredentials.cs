namespace Harness.Targets.Credentials;

/// <summary>Credentials from C# code, e.g. an in-process test that signs tokens with the app's own issuer.</summary>
public sealed class DelegateCredentials(Func<TenantPrincipal, CancellationToken, Task<Credential>> issue, string description = "custom delegate") : ICredentialStrategy
{
    public string Description => description;

    /// <summary>A strategy that turns a bearer token made by <paramref name="token"/> into a credential.</summary>
    public static DelegateCredentials Bearer(Func<TenantPrincipal, string> token, string description = "custom delegate") =>
        new((principal, _) => Task.FromResult(Credential.Bearer(token(principal))), description);

    public Task<Credential> IssueAsync(TenantPrincipal principal, HttpClient target, CancellationToken cancellationToken = default) =>
        issue(principal, cancellationToken);
}

namespace Harness.Targets.Credentials;

/// <summary>
/// Issues a credential without the running app (<c>harness token</c>): a JWT strategy mints it from the manifest's key, a
/// token file has it. A login recipe needs the app and its seeded users, and a delegate is C# code of a test: for those
/// it refuses and says what to do instead.
/// </summary>
public static class OfflineCredentials
{
    /// <summary>A credential for <paramref name="principal"/> from <paramref name="strategy"/> (unwrapped from its cache), issued offline.</summary>
    /// <exception cref="CredentialException">The strategy cannot issue without the running app; the message says how to get one.</exception>
    public static async Task<Credential> IssueAsync(ICredentialStrategy strategy, TenantPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(principal);
        var inner = strategy is CachedCredentials cached ? cached.Inner : strategy;
        switch (inner)
        {
            case JwtCredentials or StaticTokenCredentials:
                // Neither sends a request: the client is never used.
                using (var unused = new HttpClient())
                {
                    return await inner.IssueAsync(principal, unused, cancellationToken);
                }

            case LoginCredentials:
                throw new CredentialException(
                    $"the manifest's credentials ({inner.Description}) log in to the running app, so no token can be made offline: "
                    + "run with --keep (it keeps the seeded data and prints how to start the app against it), start the app so, "
                    + $"then send the login request of credentials.login for user {principal.UserId} of tenant {principal.TenantId} and take the token from its answer")
                {
                    Strategy = inner.Description,
                    Principal = principal,
                };
            default:
                throw new CredentialException(
                    $"the credentials ({inner.Description}) are issued by code of the test that runs the harness, so harness token cannot make one; "
                    + "give the manifest a credentials.jwt or credentials.tokenFile section to mint tokens offline")
                {
                    Strategy = inner.Description,
                    Principal = principal,
                };
        }
    }
}

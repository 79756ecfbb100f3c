using System.Collections.Concurrent;

namespace Harness.Targets.Credentials;

/// <summary>
/// Issues one credential per user through the wrapped strategy and reuses it; <see cref="Refresh"/> drops a credential
/// the target refused (401), so the next request issues a new one. Concurrent requests for one user share one issue.
/// </summary>
public sealed class CachedCredentials(ICredentialStrategy inner) : ICredentialStrategy, ICredentialForger
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Credential>>> issued = new(StringComparer.Ordinal);
    private int issues;

    public string Description => inner.Description;

    /// <summary>How many credentials the wrapped strategy issued (for tests and progress).</summary>
    public int Issues => Volatile.Read(ref issues);

    public ICredentialStrategy Inner => inner;

    public Task<Credential> IssueAsync(TenantPrincipal principal, HttpClient target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var entry = issued.GetOrAdd(principal.Key, _ => new Lazy<Task<Credential>>(() =>
        {
            Interlocked.Increment(ref issues);
            return inner.IssueAsync(principal, target, cancellationToken);
        }));
        var task = entry.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed issue is not cached: the next request tries again.
            issued.TryRemove(new KeyValuePair<string, Lazy<Task<Credential>>>(principal.Key, entry));
        }

        return task;
    }

    /// <summary>Forgets <paramref name="stale"/> for <paramref name="principal"/> (unless another request already replaced it).</summary>
    public void Refresh(TenantPrincipal principal, Credential stale)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (issued.TryGetValue(principal.Key, out var entry)
            && entry.IsValueCreated
            && entry.Value.IsCompletedSuccessfully
            && Equals(entry.Value.Result, stale))
        {
            issued.TryRemove(new KeyValuePair<string, Lazy<Task<Credential>>>(principal.Key, entry));
        }
    }

    public IReadOnlyList<(string Name, Credential Credential)> Forge(TenantPrincipal principal) =>
        inner is ICredentialForger forger ? forger.Forge(principal) : [];
}

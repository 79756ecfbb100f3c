namespace Harness.Chaos.Proxy;

/// <summary>
/// What sets a tenant's context on a connection, so the proxy can tell context statements from data queries: the
/// settings (GUC names such as <c>app.company_id</c> or <c>request.jwt.claims</c>) read by the policies, and whether
/// the tenant is chosen by <c>search_path</c> (schema per tenant).
/// </summary>
public sealed record TenantContextSettings
{
    /// <summary>The custom settings that carry the tenant, compared case-insensitively.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>Whether <c>SET search_path</c> chooses the tenant (schema-per-tenant apps).</summary>
    public bool SearchPath { get; init; }

    /// <summary>True when nothing is known, so context statements cannot be recognised.</summary>
    public bool IsEmpty => Settings.Count == 0 && !SearchPath;
}

using Harness.Ledger;
using Harness.Model;
using Harness.Probing;

namespace Harness.Scenarios.Rls;

/// <summary>A rendered tenant context: the statements that set it up and, for step plans, who it acts as (for messages).</summary>
internal sealed record ProbeContext(IReadOnlyList<ContextStatement> Setup, string? Who);

/// <summary>
/// The contexts the matrix probes in, rendered from the manifest's tenant context (<see cref="TenantContextPlan"/>):
/// a tenant's own context (as its first seeded member when the plan acts as a user), the anonymous steps for "none",
/// an id that belongs to no tenant (and a user who is a member of none) for "unknown-tenant", and the empty string.
/// </summary>
internal sealed class ProbeContexts(TenancyModel model, TenantMembers members, ContextIdentity unknown)
{
    private readonly TenantContextPlan plan = model.Context;
    private readonly Dictionary<int, ProbeContext?> own = [];

    /// <summary>The manifest's plain <c>setting:</c> form: messages keep naming the setting and its value.</summary>
    private bool Plain => plan.Steps is [SettingStep { Value: "{tenantId}" }] && plan.Anonymous.Count == 0;

    /// <summary>
    /// The contexts to probe. "empty-string" only where the context is one setting holding the bare id: an app can set
    /// that to ''. For a richer plan (a role and JSON claims) there is no empty value the app could send: an empty id in
    /// the claims is not what any client gets, would fail the policies' cast (an error, not a denial), and the caller
    /// without identity is already probed as "none" with the anonymous steps.
    /// </summary>
    public IReadOnlyList<TenantContext> Kinds =>
        plan.IsBareSetting ? MatrixNames.Contexts : [.. MatrixNames.Contexts.Where(c => c != TenantContext.EmptyString)];

    /// <summary>The user id the matrix acts as for <paramref name="tenant"/>, or null when the plan uses none.</summary>
    public string? UserOf(SeededTenant tenant) => plan.UsesUserId ? members.First(tenant.TenantId) : null;

    /// <summary>The tenant's own context, or null when the plan acts as a user and the tenant has no seeded member.</summary>
    public ProbeContext? Of(SeededTenant tenant)
    {
        if (!own.TryGetValue(tenant.Index, out var context))
        {
            own[tenant.Index] = context = Render(tenant);
        }

        return context;
    }

    private ProbeContext? Render(SeededTenant tenant)
    {
        var user = UserOf(tenant);
        if (plan.UsesUserId && user is null)
        {
            return null;
        }

        var setup = plan.Render(new ContextIdentity(tenant.TenantId, user));
        return new ProbeContext(setup, Plain ? null
            : user is null ? $"under the context of {ProbeJudge.Label(tenant)} ({plan.Describe()})"
            : $"as user '{user}', a member of {ProbeJudge.Label(tenant)} ({plan.Describe()})");
    }

    /// <summary>The context of <paramref name="kind"/> (none, unknown-tenant, empty-string), which names no seeded tenant.</summary>
    public ProbeContext For(TenantContext kind) => kind switch
    {
        TenantContext.None => new ProbeContext(plan.RenderAnonymous(), Plain ? null
            : plan.Anonymous.Count == 0 ? $"with no tenant context set in the session (the manifest gives no anonymous steps)"
            : $"as an anonymous caller ({plan.Describe(anonymous: true)})"),
        TenantContext.UnknownTenant => new ProbeContext(plan.Render(unknown), Plain ? null
            : plan.UsesUserId ? $"as user '{unknown.UserId}', a member of no tenant ({plan.Describe()})"
            : $"with tenant id '{unknown.TenantId}', the id of no tenant ({plan.Describe()})"),
        TenantContext.EmptyString => new ProbeContext(plan.Render(new ContextIdentity("", "")), Plain ? null
            : $"with {plan.IdentitySetting} = '' ({plan.Describe()})"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a tenant's own context is rendered by Of(tenant)"),
    };

    /// <summary>One line for the progress log: who each context acts as.</summary>
    public string Describe()
    {
        if (Plain)
        {
            return $"context: {model.ContextSetting} = the tenant id";
        }

        var who = plan.UsesUserId
            ? $"own/other-tenant as the first member of each tenant ({model.Membership}.{model.MembershipUser}), unknown-tenant as user '{unknown.UserId}'"
            : $"own/other-tenant as each tenant, unknown-tenant as tenant id '{unknown.TenantId}'";
        var none = plan.Anonymous.Count == 0 ? "none with nothing set" : $"none as anonymous ({plan.Describe(anonymous: true)})";
        var empty = plan.IsBareSetting ? "" : "; empty-string not probed (no empty value of this context is one an app sends)";
        return $"context: {plan.Describe()}; {who}; {none}{empty}";
    }
}

using System.Text.RegularExpressions;

namespace Harness.Model;

/// <summary>
/// How the app tells the database who a transaction acts for (manifest <c>tenancy.context</c>): the steps run at the start
/// of each transaction for a tenant's user, and the steps of an anonymous caller. <c>setting: app.tenant_id</c> is the
/// one-step plan <c>set_config('app.tenant_id', '{tenantId}', true)</c>; <c>preset: supabase</c> is PostgREST's
/// <c>SET LOCAL ROLE authenticated</c> plus the JWT claims in <c>request.jwt.claims</c>.
/// </summary>
public sealed partial record TenantContextPlan
{
    /// <summary>The preset names <c>tenancy.context.preset</c> accepts.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["supabase"];

    public TenantContextPlan(IReadOnlyList<ContextStep> steps, IReadOnlyList<ContextStep>? anonymous = null, string? identitySetting = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            throw new ArgumentException("a tenant context needs at least one step", nameof(steps));
        }

        Steps = steps;
        Anonymous = anonymous ?? [];
        IdentitySetting = identitySetting ?? FindIdentitySetting(steps)
            ?? throw new ArgumentException("no step sets a setting, so no setting carries the tenant's identity", nameof(steps));
    }

    /// <summary>What runs for a tenant's user (own, other-tenant, unknown-tenant probes), in order.</summary>
    public IReadOnlyList<ContextStep> Steps { get; }

    /// <summary>What runs for a caller with no tenant (the "none" probes); empty: nothing is set.</summary>
    public IReadOnlyList<ContextStep> Anonymous { get; }

    /// <summary>
    /// The setting that carries the tenant's identity, e.g. <c>app.company_id</c> or <c>request.jwt.claims</c>: the first
    /// setting a step fills with <c>{tenantId}</c> or <c>{userId}</c> (or a <c>set_config</c> in a sql step).
    /// </summary>
    public string IdentitySetting { get; }

    /// <summary>The steps need a user id: probes act as a member of the tenant, read from the membership table.</summary>
    public bool UsesUserId => AllSteps.Any(s => s.Placeholders.Contains(ContextPlaceholders.UserId));

    /// <summary>
    /// The context is one setting that holds the bare id (<c>'{tenantId}'</c> or <c>'{userId}'</c>): setting it to the empty
    /// string is something an app can do, so the matrix probes it. Richer plans (a role, JSON claims) have no such value.
    /// </summary>
    public bool IsBareSetting => Steps is [SettingStep { Value: "{tenantId}" or "{userId}" }];

    /// <summary>The role the tenant steps switch to (the last <c>role</c> step), or null when they keep the connection's role.</summary>
    public string? Role => Steps.OfType<RoleStep>().LastOrDefault()?.Role;

    /// <summary>The role the anonymous steps switch to, or null when they keep the connection's role.</summary>
    public string? AnonymousRole => Anonymous.OfType<RoleStep>().LastOrDefault()?.Role;

    /// <summary>Every role a step switches to (tenant steps first), each once.</summary>
    public IReadOnlyList<string> Roles => [.. AllSteps.OfType<RoleStep>().Select(r => r.Role).Distinct(StringComparer.Ordinal)];

    /// <summary>Every setting a step sets, each once.</summary>
    public IReadOnlyList<string> Settings => [.. AllSteps.OfType<SettingStep>().Select(s => s.Name).Distinct(StringComparer.Ordinal)];

    private IEnumerable<ContextStep> AllSteps => Steps.Concat(Anonymous);

    /// <summary>The plain custom setting holding the bare tenant id: <c>set_config(setting, '{tenantId}', true)</c>, nothing when anonymous.</summary>
    public static TenantContextPlan ForSetting(string setting) => new([new SettingStep(setting, "{" + ContextPlaceholders.TenantId + "}")]);

    /// <summary>
    /// Supabase / PostgREST: <c>SET LOCAL ROLE authenticated</c> and the JWT claims
    /// <c>{"sub":"{userId}","role":"authenticated","aud":"authenticated"}</c> in <c>request.jwt.claims</c>; anonymous is
    /// <c>SET LOCAL ROLE anon</c> and <c>{"role":"anon"}</c>.
    /// </summary>
    public static TenantContextPlan Supabase { get; } = new(
        [new RoleStep("authenticated"), new SettingStep("request.jwt.claims", """{"sub":"{userId}","role":"{role}","aud":"authenticated"}""")],
        [new RoleStep("anon"), new SettingStep("request.jwt.claims", """{"role":"{role}"}""")]);

    /// <summary>The statements that set up <paramref name="identity"/>'s context, in order.</summary>
    public IReadOnlyList<ContextStatement> Render(ContextIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return Render(Steps, Role, identity);
    }

    /// <summary>The statements of the anonymous caller (empty when nothing is set).</summary>
    public IReadOnlyList<ContextStatement> RenderAnonymous() => Render(Anonymous, AnonymousRole, null);

    /// <summary>The plan as one line for messages, e.g. <c>role: authenticated; setting: request.jwt.claims</c>.</summary>
    public string Describe(bool anonymous = false)
    {
        var steps = anonymous ? Anonymous : Steps;
        return steps.Count == 0 ? "nothing set" : string.Join("; ", steps.Select(s => s is SqlStep ? "sql" : s.Describe()));
    }

    private static ContextStatement[] Render(IReadOnlyList<ContextStep> steps, string? role, ContextIdentity? identity)
    {
        string Value(string placeholder) => placeholder switch
        {
            ContextPlaceholders.TenantId => identity?.TenantId ?? throw Missing(placeholder),
            ContextPlaceholders.UserId => identity?.UserId ?? throw Missing(placeholder),
            ContextPlaceholders.Role => role ?? throw Missing(placeholder),
            _ => throw Missing(placeholder),
        };
        return [.. steps.Select(s => s.Render(Value))];
    }

    private static InvalidOperationException Missing(string placeholder) =>
        new($"the tenant context has no value for {{{placeholder}}} here; the manifest reader refuses such a plan");

    private static string? FindIdentitySetting(IReadOnlyList<ContextStep> steps)
    {
        bool Identifies(IEnumerable<string> placeholders) =>
            placeholders.Any(p => p is ContextPlaceholders.TenantId or ContextPlaceholders.UserId);
        return steps.OfType<SettingStep>().FirstOrDefault(s => Identifies(s.Placeholders))?.Name
            ?? steps.OfType<SqlStep>().Where(s => Identifies(s.Placeholders)).Select(s => SetConfigName().Match(s.Sql))
                .FirstOrDefault(m => m.Success)?.Groups[1].Value
            ?? steps.OfType<SettingStep>().FirstOrDefault()?.Name
            ?? steps.OfType<SqlStep>().Select(s => SetConfigName().Match(s.Sql)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
    }

    [GeneratedRegex(@"set_config\s*\(\s*'([^']+)'", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex SetConfigName();
}

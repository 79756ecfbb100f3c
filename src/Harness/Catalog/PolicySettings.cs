namespace Harness.Catalog;

/// <summary>
/// What the settings a policy reads stand for, shared by the audit (policy analysis, AUD019) and the RLS matrix (which
/// bypass switches to try): the caller's identity (the tenant context, PostgREST's <c>request.jwt.claim(s)</c>, a
/// user-id setting) or a custom switch any session can <c>set_config</c>. Built-in settings such as <c>role</c> are neither.
/// </summary>
public static class PolicySettings
{
    /// <summary>Setting names (last part) that hold the signed-in user's id, e.g. <c>app.user_id</c>.</summary>
    private static readonly string[] UserIdNames = ["user_id", "userid", "uid", "sub", "current_user_id", "current_user"];

    /// <summary>JSON claims an end user can write themselves (Supabase's user metadata): never an identity.</summary>
    public static IReadOnlyList<string> UserControlledClaims { get; } = ["user_metadata", "raw_user_meta_data"];

    /// <summary>
    /// Whether <paramref name="setting"/> carries who the caller is: the tenant context setting, PostgREST's
    /// <c>request.jwt.claims</c> / <c>request.jwt.claim.*</c> (set by the API gateway from a verified token), or a
    /// custom setting named like a user id (<c>app.user_id</c>).
    /// </summary>
    public static bool IsIdentity(string setting, string contextSetting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (string.Equals(setting, contextSetting, StringComparison.OrdinalIgnoreCase)
            || setting.StartsWith("request.jwt.claim", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var dot = setting.LastIndexOf('.');
        return dot > 0 && UserIdNames.Contains(setting[(dot + 1)..], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The custom (dotted) settings <paramref name="expressions"/> read, directly or through <paramref name="functions"/>
    /// they call, that are not the caller's identity (<see cref="IsIdentity"/>): each may be a switch that widens access.
    /// </summary>
    public static IReadOnlyList<string> SwitchesReadBy(IEnumerable<string> expressions, IReadOnlyList<FunctionInfo> functions, string contextSetting) =>
        [.. SqlText.SettingsReadBy(expressions, functions)
            .Where(s => s.Contains('.', StringComparison.Ordinal) && !IsIdentity(s, contextSetting))];
}

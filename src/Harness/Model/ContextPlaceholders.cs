using System.Text.RegularExpressions;

namespace Harness.Model;

/// <summary>
/// The placeholders a tenant-context step may use, filled in for each probe: <c>{tenantId}</c> (the tenant's root key),
/// <c>{userId}</c> (a member's user id from the membership table) and <c>{role}</c> (the role the steps switch to).
/// </summary>
public static partial class ContextPlaceholders
{
    public const string TenantId = "tenantId";

    public const string UserId = "userId";

    public const string Role = "role";

    /// <summary>Every placeholder name, as the manifest writes them between braces.</summary>
    public static IReadOnlyList<string> All { get; } = [TenantId, UserId, Role];

    /// <summary>The placeholder names <paramref name="template"/> uses, in order of appearance (a JSON brace such as <c>{"</c> is none).</summary>
    public static IReadOnlyList<string> In(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return [.. Pattern().Matches(template).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The placeholder pattern: a name between braces, e.g. <c>{userId}</c>.</summary>
    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant, 1000)]
    internal static partial Regex Pattern();
}

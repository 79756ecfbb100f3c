using Harness.Catalog;

namespace Harness.Scenarios.Audit;

/// <summary>
/// Privileges whose grantee's rights reach the app role: grants to PUBLIC, to the app role itself, or to a role the
/// app role is a member of (it inherits them or may SET ROLE to it). When the tenant context switches role (Supabase's
/// <c>authenticator</c> to <c>authenticated</c>), the app's statements run as those roles: grants to them reach the app,
/// and the login role's other memberships (<c>service_role</c>, for the platform's own server-side keys) are not judged.
/// </summary>
internal static class AppGrants
{
    /// <summary>Whether privileges granted to <paramref name="grantee"/> are the app role's too.</summary>
    public static bool Reaches(AuditInput input, string grantee) =>
        grantee == GrantInfo.Public
        || input.Model.EffectiveRoles.Contains(grantee, StringComparer.Ordinal)
        || (!SwitchesRole(input) && (input.Catalog.AppRole?.MemberOf.Contains(grantee, StringComparer.Ordinal) ?? false));

    /// <summary>Whether the tenant context switches the app's sessions to other roles (<c>SET LOCAL ROLE</c> steps).</summary>
    public static bool SwitchesRole(AuditInput input) => input.Model.Context.Roles.Count > 0;

    /// <summary>The grants of <paramref name="privileges"/> that reach the app role, leaving out <paramref name="exceptGrantee"/> (e.g. the owner).</summary>
    public static List<GrantInfo> On(AuditInput input, IEnumerable<GrantInfo> grants, IReadOnlyCollection<string> privileges, string? exceptGrantee = null) =>
        [.. grants.Where(g => privileges.Contains(g.Privilege)
            && !string.Equals(g.Grantee, exceptGrantee, StringComparison.Ordinal)
            && Reaches(input, g.Grantee))];

    /// <summary>Who holds a privilege, as a message says it: <c>PUBLIC</c>, the app role, or a role it is a member of.</summary>
    public static string Holder(AuditInput input, string grantee) =>
        grantee == GrantInfo.Public ? $"PUBLIC (every role, {input.AppRole} included)"
        : string.Equals(grantee, input.AppRole, StringComparison.Ordinal) ? $"the app role {input.AppRole}"
        : SwitchesRole(input) ? $"{grantee}, the role the app's sessions switch to"
        : $"{grantee}, a role {input.AppRole} is a member of";

    /// <summary>The grants as a message lists them, e.g. <c>TRUNCATE to PUBLIC (...)</c>, grouped by grantee.</summary>
    public static string Describe(AuditInput input, IEnumerable<GrantInfo> grants) =>
        string.Join("; ", grants
            .GroupBy(g => g.Grantee, StringComparer.Ordinal)
            .Select(g => $"{string.Join(", ", g.Select(x => x.Privilege).Distinct(StringComparer.Ordinal))} to {Holder(input, g.Key)}"));

    /// <summary>The grants as evidence lists them: <c>grantee: privilege (granted by grantor)</c>.</summary>
    public static string Evidence(IEnumerable<GrantInfo> grants) =>
        string.Join(", ", grants.Select(g => $"{g.Grantee}: {g.Privilege} (granted by {g.Grantor})"));
}

using Harness.Catalog;

namespace Harness.Scenarios.Audit;

/// <summary>
/// Privileges whose grantee's rights reach the app role: grants to PUBLIC, to the app role itself, or to a role the
/// app role is a member of (it inherits them or may SET ROLE to it).
/// </summary>
internal static class AppGrants
{
    /// <summary>Whether privileges granted to <paramref name="grantee"/> are the app role's too.</summary>
    public static bool Reaches(AuditInput input, string grantee) =>
        grantee == GrantInfo.Public
        || string.Equals(grantee, input.AppRole, StringComparison.Ordinal)
        || (input.Catalog.AppRole?.MemberOf.Contains(grantee, StringComparer.Ordinal) ?? false);

    /// <summary>The grants of <paramref name="privileges"/> that reach the app role, leaving out <paramref name="exceptGrantee"/> (e.g. the owner).</summary>
    public static List<GrantInfo> On(AuditInput input, IEnumerable<GrantInfo> grants, IReadOnlyCollection<string> privileges, string? exceptGrantee = null) =>
        [.. grants.Where(g => privileges.Contains(g.Privilege)
            && !string.Equals(g.Grantee, exceptGrantee, StringComparison.Ordinal)
            && Reaches(input, g.Grantee))];

    /// <summary>Who holds a privilege, as a message says it: <c>PUBLIC</c>, the app role, or a role it is a member of.</summary>
    public static string Holder(AuditInput input, string grantee) =>
        grantee == GrantInfo.Public ? $"PUBLIC (every role, {input.AppRole} included)"
        : string.Equals(grantee, input.AppRole, StringComparison.Ordinal) ? $"the app role {input.AppRole}"
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

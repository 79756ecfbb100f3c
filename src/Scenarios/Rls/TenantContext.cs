using Harness.Findings;

namespace Harness.Scenarios.Rls;

/// <summary>The tenant context a probe runs in, relative to the tenant whose rows it targets.</summary>
public enum TenantContext
{
    /// <summary>The context names the tenant whose rows are targeted: allowed.</summary>
    Own,

    /// <summary>The context names tenant A, the probe targets tenant B's rows (or moves or inserts rows into B): denied.</summary>
    OtherTenant,

    /// <summary>The context setting was never set in the session: denied.</summary>
    None,

    /// <summary>The context names a tenant id that belongs to no tenant: denied.</summary>
    UnknownTenant,

    /// <summary>The context setting is the empty string: denied.</summary>
    EmptyString,
}

/// <summary>The database operations the matrix probes.</summary>
public enum Operation
{
    Select,
    Insert,
    Update,
    Delete,
}

/// <summary>Names as they appear in check subjects (<c>sites SELECT other-tenant</c>) and the rule each group reports under.</summary>
public static class MatrixNames
{
    public static IReadOnlyList<TenantContext> Contexts { get; } =
        [TenantContext.Own, TenantContext.OtherTenant, TenantContext.None, TenantContext.UnknownTenant, TenantContext.EmptyString];

    public static IReadOnlyList<Operation> Operations { get; } = [Operation.Select, Operation.Insert, Operation.Update, Operation.Delete];

    public static string Of(TenantContext context) => context switch
    {
        TenantContext.Own => "own",
        TenantContext.OtherTenant => "other-tenant",
        TenantContext.None => "none",
        TenantContext.UnknownTenant => "unknown-tenant",
        TenantContext.EmptyString => "empty-string",
        _ => throw new ArgumentOutOfRangeException(nameof(context), context, null),
    };

    public static string Of(Operation operation) => operation switch
    {
        Operation.Select => "SELECT",
        Operation.Insert => "INSERT",
        Operation.Update => "UPDATE",
        Operation.Delete => "DELETE",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>The subject of a (table, operation, context) group, e.g. <c>sites SELECT other-tenant</c>.</summary>
    public static string Subject(string table, Operation operation, TenantContext context) => $"{table} {Of(operation)} {Of(context)}";

    /// <summary>The subject of a bypass-setting group, e.g. <c>sign_ins SELECT bypass app.bypass_rls</c>.</summary>
    public static string BypassSubject(string table, string setting) => $"{table} SELECT bypass {setting}";

    /// <summary>The subject of a function group, e.g. <c>search_sites(text) EXECUTE other-tenant</c>.</summary>
    public static string FunctionSubject(string signature) => $"{signature} EXECUTE other-tenant";

    /// <summary>The rule a (operation, context) group reports under.</summary>
    public static Rule RuleFor(Operation operation, TenantContext context) => context switch
    {
        TenantContext.Own => RlsRules.OwnTenantDenied,
        TenantContext.OtherTenant => operation switch
        {
            Operation.Select => RlsRules.CrossTenantRead,
            Operation.Insert => RlsRules.CrossTenantInsert,
            _ => RlsRules.CrossTenantWrite,
        },
        TenantContext.UnknownTenant => RlsRules.UnknownTenantNotDenied,
        _ => RlsRules.FailOpenWithoutContext,
    };
}

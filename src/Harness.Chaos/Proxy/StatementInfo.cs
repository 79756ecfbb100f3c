namespace Harness.Chaos.Proxy;

/// <summary>What a statement does, as far as the proxy cares.</summary>
internal enum StatementKind
{
    /// <summary>Anything else (no tenant table, not transaction control).</summary>
    Other,

    /// <summary>Names a tenant table: its rows and context are reported.</summary>
    Data,

    /// <summary>BEGIN / START TRANSACTION.</summary>
    Begin,

    /// <summary>COMMIT / END.</summary>
    Commit,

    /// <summary>ROLLBACK / ABORT (not ROLLBACK TO SAVEPOINT).</summary>
    Rollback,

    /// <summary>SET, SHOW, RESET, DISCARD and other session utilities (never a data query).</summary>
    Utility,
}

/// <summary>Where a context assignment's value (or scope) comes from: a literal in the text or a bind parameter.</summary>
internal readonly record struct ValueSource(string? Literal, int Parameter, bool Known)
{
    public static ValueSource Of(string? literal) => new(literal, 0, true);

    public static ValueSource FromParameter(int parameter) => new(null, parameter, true);

    public static ValueSource Unknown => new(null, 0, false);
}

/// <summary>One setting a statement sets or clears (<see cref="Clears"/>): e.g. <c>set_config('app.company_id', $1, true)</c>.</summary>
internal sealed record ContextAssignment(string Setting, ValueSource Value, ContextScope Scope, ValueSource LocalFlag, string How, bool Clears);

/// <summary>A classified statement: its kind, the tenant tables it names, the context it sets and the client tag it carries.</summary>
internal sealed record StatementInfo(
    string Text,
    StatementKind Kind,
    IReadOnlyList<string> Tables,
    bool QueueClaim,
    IReadOnlyList<ContextAssignment> Assignments,
    ValueSource? ApplicationName)
{
    public static readonly StatementInfo Empty = new(string.Empty, StatementKind.Other, [], false, [], null);

    public bool IsData => Kind == StatementKind.Data;

    public bool IsContext => Assignments.Count > 0;
}

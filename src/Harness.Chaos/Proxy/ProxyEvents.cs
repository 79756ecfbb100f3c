namespace Harness.Chaos.Proxy;

/// <summary>How long a tenant context set on a connection lasts.</summary>
public enum ContextScope
{
    /// <summary>Until changed or reset: <c>SET</c>, <c>set_config(..., false)</c>, <c>SET search_path</c> (it outlives the transaction).</summary>
    Session,

    /// <summary>Until the transaction ends: <c>SET LOCAL</c>, <c>set_config(..., true)</c>.</summary>
    Local,
}

/// <summary>The tenant context a data query ran under, as the proxy saw the connection.</summary>
public enum ContextState
{
    /// <summary>Set in the query's own transaction.</summary>
    ThisTransaction,

    /// <summary>Left on the connection by an earlier transaction (session scope), by the same client.</summary>
    Inherited,

    /// <summary>Left on the connection by an earlier transaction of another client connection (seen behind a pooler).</summary>
    InheritedFromOtherClient,

    /// <summary>No tenant context at all.</summary>
    Unset,
}

/// <summary>Something the proxy saw or did on one connection.</summary>
public abstract record ProxyEvent(string Proxy, int Connection, DateTimeOffset At);

/// <summary>A statement set (or reset, <see cref="Value"/> null) a tenant context setting.</summary>
/// <param name="How">The statement's form: <c>SET</c>, <c>SET LOCAL</c>, <c>set_config(..., false)</c>, <c>set_config(..., true)</c>, <c>SET search_path</c>, <c>RESET</c>, <c>DISCARD ALL</c>.</param>
public sealed record ContextSetEvent(string Proxy, int Connection, DateTimeOffset At, string Setting, string? Value, ContextScope Scope, string How, bool InTransaction)
    : ProxyEvent(Proxy, Connection, At);

/// <summary>A statement that named a tenant table ran, with the context in effect and how many rows it returned or changed.</summary>
/// <param name="Client">The client connection the statement came from, when known (its own id, or the tag a pooler passed on).</param>
/// <param name="ContextClient">The client connection that set the context in effect, when known.</param>
/// <param name="QueueClaim">The statement claims queue rows (<c>FOR UPDATE SKIP LOCKED</c>): it reads across tenants by design.</param>
public sealed record DataQueryEvent(
    string Proxy, int Connection, DateTimeOffset At, string Statement, IReadOnlyList<string> Tables, ContextState State,
    string? ContextValue, long Rows, bool QueueClaim, string? Client, string? ContextClient)
    : ProxyEvent(Proxy, Connection, At);

/// <summary>A fault the proxy injected.</summary>
public sealed record FaultEvent(string Proxy, int Connection, DateTimeOffset At, FaultKind Kind, string Detail)
    : ProxyEvent(Proxy, Connection, At);

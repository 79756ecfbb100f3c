namespace Harness.Chaos.Proxy;

/// <summary>A context assignment with its value known (from the literal or the bound parameter).</summary>
internal sealed record ResolvedAssignment(string Setting, string? Value, ContextScope Scope, bool Clears, string How);

/// <summary>
/// A statement sent upstream whose reply has not completed: the relay matches replies (DataRows, CommandComplete,
/// ErrorResponse, EmptyQueryResponse) to the oldest one of the oldest unfinished Query/Sync group.
/// </summary>
internal sealed class PendingStatement
{
    public PendingStatement(StatementInfo info, long group, IReadOnlyList<ResolvedAssignment> assignments, string? applicationName)
    {
        Info = info;
        Group = group;
        Assignments = assignments;
        ApplicationName = applicationName;
    }

    public StatementInfo Info { get; }

    /// <summary>The Query or Sync group it belongs to: one ReadyForQuery ends each group.</summary>
    public long Group { get; }

    public IReadOnlyList<ResolvedAssignment> Assignments { get; }

    public string? ApplicationName { get; }

    /// <summary>DataRows seen for it so far.</summary>
    public long Rows { get; set; }

    /// <summary>The SQLSTATE the client gets instead of this statement's reply (an ErrorReply fault), or null.</summary>
    public string? InjectedError { get; set; }
}

/// <summary>A parsed (extended protocol) statement: what it is and its declared parameter types.</summary>
internal sealed record PreparedStatement(StatementInfo Info, int[] ParameterTypes);

/// <summary>A bound portal: the statement and the context values its parameters gave.</summary>
internal sealed record BoundPortal(StatementInfo Info, IReadOnlyList<ResolvedAssignment> Assignments, string? ApplicationName);

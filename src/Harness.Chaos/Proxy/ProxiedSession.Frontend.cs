using System.Text;

namespace Harness.Chaos.Proxy;

/// <summary>
/// The client-to-server messages a session reads: Query (split into statements), Parse, Bind (parameter values for
/// set_config), Execute, Sync, Terminate, and the points where faults fire before a message is forwarded.
/// </summary>
internal sealed partial class ProxiedSession
{
    private const string PoisonName = "harness_chaos_injected_fault";

    private readonly Queue<PendingStatement> pending = new();
    private readonly Dictionary<string, PreparedStatement> prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BoundPortal> portals = new(StringComparer.Ordinal);
    private long frontendGroup;
    private bool contextReplied;
    private string? lastContextHow;

    private RelayVerdict Frontend(byte type, ReadOnlySpan<byte> body)
    {
        lock (gate)
        {
            if (proxy.Faults.AnyArmed && ready && NetworkToxic() is { } toxicVerdict)
            {
                return toxicVerdict;
            }

            switch ((char)type)
            {
                case 'Q':
                    return OnQuery(body);
                case 'P':
                    return OnParse(body);
                case 'B':
                    return OnBind(body);
                case 'E':
                    return OnExecute(body);
                case 'S':
                case 'F':
                    frontendGroup++;
                    return RelayVerdict.Forward;
                case 'X':
                    transcript.Add("> X");
                    stops[0] = StopKind.Terminate;
                    return RelayVerdict.Forward;
                case 'p':
                    transcript.Add("> p (password not shown)");
                    return RelayVerdict.Forward;
                default:
                    return RelayVerdict.Forward;
            }
        }
    }

    private RelayVerdict OnQuery(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Max(0, body.Length - 1)]);
        var statements = proxy.Classifier.ClassifyQuery(text);
        foreach (var statement in statements)
        {
            transcript.AddStatement("> Q", statement.Text);
        }

        if (statements.Count == 0)
        {
            // An empty query: the server answers EmptyQueryResponse.
            statements.Add(StatementInfo.Empty);
        }

        var group = frontendGroup++;
        var dataIndex = statements.FindIndex(s => s.IsData);
        RelayVerdict verdict = RelayVerdict.Forward;
        string? injected = null;
        if (dataIndex >= 0)
        {
            if (CutAfterContext() is { } cut)
            {
                return cut;
            }

            if (ClaimErrorReply(statements[dataIndex].Text) is { } sqlState)
            {
                if (ErrorResponseWriter.IsFatal(sqlState))
                {
                    return StopWithFatal(sqlState);
                }

                // The statements before the data query run; the data query is replaced by a statement that fails
                // upstream (aborting the transaction there), and the client gets the injected error in its place.
                var rewritten = string.Join(";\n", statements.Take(dataIndex).Select(s => s.Text).Append($"EXECUTE {PoisonName}"));
                verdict = RelayVerdict.Replace(PgWire.Message((byte)'Q', Encoding.UTF8.GetBytes(rewritten + "\0")));
                statements = statements.Take(dataIndex + 1).ToList();
                injected = sqlState;
            }
        }

        foreach (var statement in statements)
        {
            IReadOnlyList<ResolvedAssignment> assignments = statement.Assignments.Count == 0
                ? []
                : statement.Assignments.Select(a => Resolve(a, literalValue: a.Value.Literal, localFlag: a.LocalFlag.Literal)).ToList();
            var item = new PendingStatement(statement, group, assignments, statement.ApplicationName?.Literal);
            pending.Enqueue(item);
            if (injected is not null && statement.IsData)
            {
                item.InjectedError = injected;
                break;
            }
        }

        if (injected is null && statements.Exists(s => s.Kind == StatementKind.Commit))
        {
            ClaimCommitCut("COMMIT sent (simple query)", group);
        }

        return verdict;
    }

    private RelayVerdict OnParse(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        var name = PgWire.CString(body, ref offset);
        var query = PgWire.CString(body, ref offset);
        var count = offset + 2 <= body.Length ? (ushort)PgWire.Int16(body, offset) : 0;
        offset += 2;
        var types = new int[count];
        for (var i = 0; i < count && offset + 4 <= body.Length; i++, offset += 4)
        {
            types[i] = PgWire.Int32(body, offset);
        }

        var info = proxy.Classifier.ClassifyStatement(query);
        prepared[name] = new PreparedStatement(info, types);
        transcript.AddStatement(name.Length == 0 ? "> P" : $"> P {name}:", query);
        return info.IsData && CutAfterContext() is { } cut ? cut : RelayVerdict.Forward;
    }

    private RelayVerdict OnBind(ReadOnlySpan<byte> body)
    {
        var (portal, statement, values) = ParameterDecoder.ReadBind(body);
        var parsed = prepared.GetValueOrDefault(statement) ?? new PreparedStatement(StatementInfo.Empty, []);
        var info = parsed.Info;
        var kept = new Dictionary<int, string?>();
        var assignments = new List<ResolvedAssignment>();
        foreach (var assignment in info.Assignments)
        {
            var value = assignment.Value.Literal ?? Parameter(body, values, parsed, assignment.Value.Parameter);
            var flag = assignment.LocalFlag.Literal ?? Parameter(body, values, parsed, assignment.LocalFlag.Parameter);
            kept[assignment.Value.Parameter] = value;
            kept[assignment.LocalFlag.Parameter] = flag;
            assignments.Add(Resolve(assignment, value, flag));
        }

        var applicationName = info.ApplicationName is { } source ? source.Literal ?? Parameter(body, values, parsed, source.Parameter) : null;
        portals[portal] = new BoundPortal(info, assignments, applicationName);
        if (values.Count > 0 || info.IsContext)
        {
            var shown = Enumerable.Range(1, values.Count).Select(n => kept.TryGetValue(n, out var v) ? $"${n}='{v}'" : $"${n}=?");
            transcript.Add($"> B {(statement.Length == 0 ? "(unnamed)" : statement)} ({string.Join(", ", shown)})");
        }

        return info.IsData && CutAfterContext() is { } cut ? cut : RelayVerdict.Forward;
    }

    /// <summary>Bind parameter $<paramref name="number"/> as text, or null (SQL NULL, no such parameter).</summary>
    private static string? Parameter(ReadOnlySpan<byte> body, List<(int Offset, int Length, short Format)> values, PreparedStatement parsed, int number) =>
        number >= 1 && number <= values.Count
            ? ParameterDecoder.Text(body, values[number - 1], number <= parsed.ParameterTypes.Length ? parsed.ParameterTypes[number - 1] : 0)
            : null;

    private RelayVerdict OnExecute(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        var portalName = PgWire.CString(body, ref offset);
        var portal = portals.GetValueOrDefault(portalName) ?? new BoundPortal(StatementInfo.Empty, [], null);
        var item = new PendingStatement(portal.Info, frontendGroup, portal.Assignments, portal.ApplicationName);
        RelayVerdict verdict = RelayVerdict.Forward;
        if (portal.Info.IsData && ClaimErrorReply(portal.Info.Text) is { } sqlState)
        {
            if (ErrorResponseWriter.IsFatal(sqlState))
            {
                return StopWithFatal(sqlState);
            }

            // Execute a portal that does not exist instead: the server fails (and aborts the transaction) right there,
            // and the reply is replaced by the injected error.
            item.InjectedError = sqlState;
            var poison = new List<byte>();
            PgWire.AppendCString(poison, PoisonName);
            PgWire.AppendInt32(poison, 0);
            verdict = RelayVerdict.Replace(PgWire.Message((byte)'E', poison.ToArray()));
        }
        else if (portal.Info.Kind == StatementKind.Commit)
        {
            ClaimCommitCut("COMMIT sent (extended query)", frontendGroup);
        }

        pending.Enqueue(item);
        return verdict;
    }

    private static ResolvedAssignment Resolve(ContextAssignment assignment, string? literalValue, string? localFlag)
    {
        var scope = assignment.How == "set_config"
            ? localFlag is not null && StatementClassifier.IsTrue(localFlag) ? ContextScope.Local : ContextScope.Session
            : assignment.Scope;
        var how = assignment.How == "set_config" ? $"set_config(..., {(scope == ContextScope.Local ? "true" : "false")})" : assignment.How;
        return new ResolvedAssignment(assignment.Setting, assignment.Clears ? null : literalValue, scope, assignment.Clears, how);
    }

    /// <summary>A data query is about to go upstream right after a context statement's reply: a CutAfterContext fires here.</summary>
    private RelayVerdict? CutAfterContext()
    {
        var afterContext = contextReplied;
        contextReplied = false;
        if (!afterContext || !proxy.Faults.AnyArmed
            || proxy.Faults.TryClaim(FaultKind.CutAfterContext, Id, tracker.CurrentValue) is not { } handle)
        {
            return null;
        }

        Fire(handle, $"connection cut after the {lastContextHow} reply, before the data query was forwarded");
        stops[0] = StopKind.Cut;
        return RelayVerdict.StopBefore;
    }

    private string? ClaimErrorReply(string statement)
    {
        if (!proxy.Faults.AnyArmed || proxy.Faults.TryClaim(FaultKind.ErrorReply, Id, tracker.CurrentValue) is not { } handle)
        {
            return null;
        }

        var sqlState = handle.Fault.SqlState;
        var fatal = ErrorResponseWriter.IsFatal(sqlState);
        Fire(handle, $"{(fatal ? "FATAL" : "ERROR")} {sqlState} in place of the reply to: {proxy.Redactor.Redact(statement)}");
        return sqlState;
    }

    private RelayVerdict StopWithFatal(string sqlState)
    {
        fatalReply = ErrorResponseWriter.Error(sqlState, fatal: true);
        stops[0] = StopKind.Fatal;
        return RelayVerdict.StopBefore;
    }

    private void ClaimCommitCut(string detail, long group)
    {
        if (proxy.Faults.AnyArmed && proxy.Faults.TryClaim(FaultKind.CutAfterCommitSent, Id, tracker.CurrentValue) is { } handle)
        {
            Fire(handle, $"{detail}; client connection closed before the reply, the server carries on");
            stops[0] = StopKind.CommitCut;
            commitGroup = group;
            // Before the COMMIT goes upstream: the server may answer before this thread closes the client, and the other
            // relay must not hand that reply on.
            Volatile.Write(ref clientGone, true);
        }
    }

    /// <summary>Reset, Timeout, Latency and Bandwidth fire on any client message of a chosen connection.</summary>
    private RelayVerdict? NetworkToxic()
    {
        var value = tracker.CurrentValue;
        if (proxy.Faults.TryClaim(FaultKind.Reset, Id, value) is { } reset)
        {
            Fire(reset, "connection reset (RST both ways)");
            stops[0] = StopKind.Reset;
            return RelayVerdict.StopBefore;
        }

        if (proxy.Faults.TryClaim(FaultKind.Timeout, Id, value) is { } timeout)
        {
            Fire(timeout, $"relay stopped both ways for {timeout.Fault.Duration.TotalMilliseconds:0} ms, then closed");
            freezeFor = timeout.Fault.Duration;
            stops[0] = StopKind.Freeze;
            return RelayVerdict.StopBefore;
        }

        foreach (var kind in new[] { FaultKind.Latency, FaultKind.Bandwidth })
        {
            if (proxy.Faults.TryClaim(kind, Id, value) is { } lasting)
            {
                var what = kind == FaultKind.Latency
                    ? $"latency {lasting.Fault.Latency.TotalMilliseconds:0} ms + up to {lasting.Fault.Jitter.TotalMilliseconds:0} ms"
                    : $"bandwidth {lasting.Fault.BytesPerSecond} B/s";
                Fire(lasting, $"{what} for {lasting.Fault.Duration.TotalMilliseconds:0} ms");
                StartToxic(lasting.Fault);
            }
        }

        return null;
    }

    private void Fire(ArmedHandle handle, string detail)
    {
        var fault = new FaultEvent(options.Name, Id, DateTimeOffset.UtcNow, handle.Fault.Kind, detail);
        transcript.Add($"! fault {handle.Fault.Kind}: {detail}");
        proxy.Record(fault);
        proxy.Counters.Fault();
        handle.Complete(fault);
    }
}

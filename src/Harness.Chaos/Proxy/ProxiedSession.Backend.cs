using System.Text;

namespace Harness.Chaos.Proxy;

/// <summary>
/// The server-to-client messages a session reads: authentication, BackendKeyData (the backend pid), DataRows (counted),
/// CommandComplete (a statement's effect: context set, data query reported), ErrorResponse and ReadyForQuery (the end
/// of a Query/Sync group and of a transaction).
/// </summary>
internal sealed partial class ProxiedSession
{
    private static readonly string[] ReadyLines = ["< Z I", "< Z T", "< Z E"];

    private long serverGroup;
    private long commitGroup = -1;
    private bool ready;
    private bool groupSetContext;
    private byte[] lastTagBytes = [];
    private (string Tag, string Line)? lastTag;

    private RelayVerdict Backend(byte type, ReadOnlySpan<byte> body)
    {
        lock (gate)
        {
            switch ((char)type)
            {
                case 'D':
                    if (Head() is { } row)
                    {
                        row.Rows++;
                    }

                    transcript.AddDataRow();
                    return RelayVerdict.Forward;
                case 'C':
                    return OnCommandComplete(body);
                case 'Z':
                    return OnReady(body.Length > 0 ? body[0] : (byte)'I');
                case 'E':
                    return OnError(body);
                case 'I':
                    if (Head() is not null)
                    {
                        pending.Dequeue();
                    }

                    return RelayVerdict.Forward;
                case 'K':
                    backendPid = body.Length >= 4 ? PgWire.Int32(body, 0) : null;
                    return RelayVerdict.Forward;
                case 'R':
                    transcript.Add($"< R {Authentication(body.Length >= 4 ? PgWire.Int32(body, 0) : -1)}");
                    return RelayVerdict.Forward;
                default:
                    return RelayVerdict.Forward;
            }
        }
    }

    /// <summary>The statement the server is answering now: the oldest pending one of the group being answered.</summary>
    private PendingStatement? Head() =>
        pending.Count > 0 && pending.Peek().Group == serverGroup ? pending.Peek() : null;

    private RelayVerdict OnCommandComplete(ReadOnlySpan<byte> body)
    {
        var (tag, line) = CommandTag(body[..Math.Max(0, body.Length - 1)]);
        transcript.Add(line);
        if (Head() is not { } item)
        {
            return RelayVerdict.Forward;
        }

        pending.Dequeue();
        switch (item.Info.Kind)
        {
            case StatementKind.Begin:
                tracker.Began();
                break;
            case StatementKind.Commit when tag == "ROLLBACK":
            case StatementKind.Rollback:
                tracker.RolledBack();
                break;
            case StatementKind.Commit:
                tracker.Committed();
                break;
            default:
                break;
        }

        foreach (var assignment in item.Assignments)
        {
            tracker.Apply(assignment.Setting, assignment.Value, assignment.Scope, assignment.Clears, CurrentClient);
            proxy.Record(new ContextSetEvent(
                options.Name, Id, DateTimeOffset.UtcNow, assignment.Setting, string.IsNullOrEmpty(assignment.Value) ? null : assignment.Value,
                assignment.Scope, assignment.How, tracker.InTransaction));
            if (!assignment.Clears && !string.IsNullOrEmpty(assignment.Value))
            {
                groupSetContext = true;
                lastContextHow = assignment.How.StartsWith("set_config", StringComparison.Ordinal)
                    ? $"set_config({assignment.Setting})" : $"{assignment.How} {assignment.Setting}";
            }
        }

        if (item.Info.ApplicationName is not null)
        {
            // SET application_name = 'app#c12' (a pooler handing this server connection to client 12) names the client;
            // a tagging proxy keeps its own tag when the app sets a name without one.
            var parsed = ClientTags.Parse(item.ApplicationName);
            clientTag = parsed is not null || !options.TagApplicationName ? parsed : clientTag;
        }

        if (item.Info.IsData && proxy.KeepsEvents)
        {
            var (state, value, contextClient) = tracker.Current(CurrentClient);
            var rows = item.Rows > 0 ? item.Rows : RowsOf(tag);
            proxy.Record(new DataQueryEvent(
                options.Name, Id, DateTimeOffset.UtcNow, proxy.Redactor.Redact(item.Info.Text), item.Info.Tables, state, value, rows,
                item.Info.QueueClaim, CurrentClient, contextClient));
        }

        return RelayVerdict.Forward;
    }

    private RelayVerdict OnError(ReadOnlySpan<byte> body)
    {
        var (sqlState, message, severity) = ErrorResponseWriter.Read(body);
        tracker.Failed();
        var item = Head();
        if (item is not null)
        {
            pending.Dequeue();
        }

        if (item?.InjectedError is { } injected)
        {
            transcript.Add($"< E {injected} {ErrorResponseWriter.InjectedMessage} (injected; the server said {sqlState})");
            return RelayVerdict.Replace(ErrorResponseWriter.Error(injected, fatal: false));
        }

        transcript.Add($"< E {sqlState} {severity}: {message}");
        return RelayVerdict.Forward;
    }

    private RelayVerdict OnReady(byte status)
    {
        transcript.Add(status switch { (byte)'T' => ReadyLines[1], (byte)'E' => ReadyLines[2], _ => ReadyLines[0] });
        if (!ready)
        {
            // The ReadyForQuery that ends the startup phase answers no query.
            ready = true;
            return RelayVerdict.Forward;
        }

        while (pending.Count > 0 && pending.Peek().Group <= serverGroup)
        {
            pending.Dequeue();
        }

        var answered = serverGroup++;
        tracker.Ready(status);
        if (groupSetContext)
        {
            contextReplied = true;
            groupSetContext = false;
        }

        if (Volatile.Read(ref clientGone) && answered >= commitGroup && commitGroup >= 0)
        {
            transcript.Add("! the server answered the cut COMMIT; upstream closed");
            stops[1] = StopKind.Drained;
            return RelayVerdict.StopBefore;
        }

        return RelayVerdict.Forward;
    }

    /// <summary>
    /// A CommandComplete tag as text and its transcript line, reused while the server repeats the same tag ("SELECT 1"
    /// after every single-row query), so a repeated reply costs a byte comparison instead of two strings.
    /// </summary>
    private (string Tag, string Line) CommandTag(ReadOnlySpan<byte> bytes)
    {
        if (lastTag is { } last && bytes.SequenceEqual(lastTagBytes))
        {
            return last;
        }

        var tag = Encoding.ASCII.GetString(bytes);
        lastTagBytes = bytes.ToArray();
        lastTag = (tag, $"< C {tag}");
        return lastTag.Value;
    }

    /// <summary>The row count of a CommandComplete tag for INSERT/UPDATE/DELETE/MERGE/COPY/SELECT ("INSERT 0 3" is 3).</summary>
    private static long RowsOf(string tag)
    {
        var space = tag.LastIndexOf(' ');
        var firstSpace = tag.IndexOf(' ', StringComparison.Ordinal);
        var verb = firstSpace < 0 ? tag : tag[..firstSpace];
        return verb is "INSERT" or "UPDATE" or "DELETE" or "MERGE" or "COPY" or "SELECT"
            && space > 0 && long.TryParse(tag.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture, out var rows)
            ? rows : 0;
    }

    private static string Authentication(int code) => code switch
    {
        0 => "authentication ok",
        3 => "cleartext password requested",
        5 => "md5 password requested",
        10 => "SASL requested",
        11 => "SASL continue",
        12 => "SASL final",
        _ => $"authentication {code}",
    };
}

namespace Harness.Chaos.Proxy;

/// <summary>
/// The tenant context of one server connection as the proxy sees it: per setting, the session value (with the
/// transaction and client that set it) and the local value of the current transaction. Local values die at
/// ReadyForQuery 'I'; session values set in a transaction that rolls back (ROLLBACK, or an error in an implicit
/// transaction) are restored. Not thread-safe: the session calls it under its lock.
/// </summary>
internal sealed class ContextTracker
{
    private readonly IReadOnlyList<string> settings;
    private readonly Dictionary<string, SettingState> state = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, SettingState> committed = new(StringComparer.OrdinalIgnoreCase);
    private bool failed;

    public ContextTracker(IReadOnlyList<string> settings)
    {
        this.settings = settings;
    }

    /// <summary>Counts transactions: increments at every ReadyForQuery 'I'.</summary>
    public long Transaction { get; private set; }

    /// <summary>Whether the connection is inside an explicit transaction block (from ReadyForQuery, BEGIN, COMMIT).</summary>
    public bool InTransaction { get; private set; }

    /// <summary>Records an applied assignment (the statement completed). An empty value clears it, as apps reset with ''.</summary>
    public void Apply(string setting, string? value, ContextScope scope, bool clears, string? client)
    {
        var current = state.GetValueOrDefault(setting) ?? new SettingState(null, 0, null, null, null);
        value = string.IsNullOrEmpty(value) ? null : value;
        if (clears)
        {
            state[setting] = new SettingState(null, Transaction, client, null, null);
        }
        else if (scope == ContextScope.Local)
        {
            state[setting] = current with { LocalValue = value, LocalClient = client };
        }
        else
        {
            // A session SET also replaces the transaction's local value (the last assignment wins).
            state[setting] = new SettingState(value, Transaction, client, null, null);
        }
    }

    public void Began() => InTransaction = true;

    public void Committed()
    {
        InTransaction = false;
        committed = new Dictionary<string, SettingState>(state, StringComparer.OrdinalIgnoreCase);
        failed = false;
    }

    public void RolledBack()
    {
        InTransaction = false;
        failed = true;
    }

    public void Failed() => failed = true;

    /// <summary>ReadyForQuery: 'I' ends the transaction (locals die, a failed one's session values are restored).</summary>
    public void Ready(byte status)
    {
        InTransaction = status != (byte)'I';
        if (InTransaction)
        {
            return;
        }

        if (failed)
        {
            state.Clear();
            foreach (var (key, value) in committed)
            {
                state[key] = value;
            }
        }

        foreach (var key in state.Keys.ToList())
        {
            state[key] = state[key] with { LocalValue = null, LocalClient = null };
        }

        committed = new Dictionary<string, SettingState>(state, StringComparer.OrdinalIgnoreCase);
        failed = false;
        Transaction++;
    }

    /// <summary>The value in effect now (local over session, first configured setting first), or null.</summary>
    public string? CurrentValue => Current(clientNow: null).Value;

    /// <summary>The context a statement runs under now, seen from the client <paramref name="clientNow"/>.</summary>
    public (ContextState State, string? Value, string? Client) Current(string? clientNow)
    {
        foreach (var setting in settings)
        {
            if (!state.TryGetValue(setting, out var s))
            {
                continue;
            }

            if (s.LocalValue is not null)
            {
                return (ContextState.ThisTransaction, s.LocalValue, s.LocalClient);
            }

            if (s.SessionValue is not null)
            {
                var when = s.SessionTransaction == Transaction ? ContextState.ThisTransaction
                    : string.Equals(s.SessionClient, clientNow, StringComparison.Ordinal) || clientNow is null ? ContextState.Inherited
                    : ContextState.InheritedFromOtherClient;
                return (when, s.SessionValue, s.SessionClient);
            }
        }

        return (ContextState.Unset, null, null);
    }

    private sealed record SettingState(string? SessionValue, long SessionTransaction, string? SessionClient, string? LocalValue, string? LocalClient);
}

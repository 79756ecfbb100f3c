namespace Harness.Chaos.Proxy;

/// <summary>The faults the chaos kit injects.</summary>
public enum FaultKind
{
    /// <summary>Cut the connection after the tenant-context statement's reply, before the next (data) query is forwarded.</summary>
    CutAfterContext,

    /// <summary>Forward <c>COMMIT</c> and cut the connection before its reply reaches the client (an ambiguous commit).</summary>
    CutAfterCommitSent,

    /// <summary>Replace the reply of a statement with an ErrorResponse (40001, 57P01 or 08006) and drop the connection when
    /// the code says the server did.</summary>
    ErrorReply,

    /// <summary>Reset the connection (TCP RST) at once.</summary>
    Reset,

    /// <summary>Stop forwarding in both directions and hold the connection open (a half-open peer) until the client gives up.</summary>
    Timeout,

    /// <summary>Delay every message of the connection (latency with jitter).</summary>
    Latency,

    /// <summary>Limit the connection's bandwidth.</summary>
    Bandwidth,

    /// <summary><c>pg_terminate_backend</c> of the backend serving a chosen tenant, mid-transaction.</summary>
    TerminateBackend,

    /// <summary>Restart the cluster (<c>pg_ctl restart -m fast</c>).</summary>
    Restart,

    /// <summary>Cancel in-flight HTTP requests from the client side.</summary>
    ClientCancel,

    /// <summary>One tenant holds every pooled connection (a burst of slow requests).</summary>
    PoolExhaustion,
}

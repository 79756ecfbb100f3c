namespace Harness.Chaos.Proxy;

/// <summary>A live connection through the proxy, as it stands now.</summary>
/// <param name="Id">The proxy's number for the connection (1, 2, ...), used by events and <see cref="PgFaultProxy.TranscriptOf"/>.</param>
/// <param name="BackendPid">The server process id (from BackendKeyData), once known.</param>
/// <param name="ContextValue">The tenant context value in effect (local over session).</param>
/// <param name="ClientTag">The client tag current on the connection (<c>c17</c>, from application_name), if any.</param>
public sealed record ProxiedConnection(int Id, int? BackendPid, string? User, string? Database, string? ContextValue, bool InTransaction, string? ClientTag);

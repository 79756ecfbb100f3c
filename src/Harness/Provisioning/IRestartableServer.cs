namespace Harness.Provisioning;

/// <summary>
/// A server the harness may restart while clients are connected (<c>pg_ctl restart -m fast</c>): every connection is cut,
/// the server comes back on the same port with the same data. Only a server the harness owns whole offers it.
/// </summary>
public interface IRestartableServer
{
    /// <summary>Restarts the server and returns once it accepts connections again.</summary>
    /// <exception cref="ProvisioningException">The server did not come back; the message carries the end of its log.</exception>
    Task RestartAsync(CancellationToken cancellationToken);
}

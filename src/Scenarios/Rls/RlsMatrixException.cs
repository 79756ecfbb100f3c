namespace Harness.Scenarios.Rls;

/// <summary>
/// The matrix refuses to run: no app connection or ledger, or the app connection is not subject to RLS (superuser,
/// BYPASSRLS, or another role than the manifest's). An <see cref="ArgumentException"/>, so the CLI reports its message
/// as <c>error: ...</c> and exits 2 (the harness could not run) instead of passing a matrix that proved nothing.
/// </summary>
public sealed class RlsMatrixException : ArgumentException
{
    public RlsMatrixException()
        : this("The RLS matrix cannot run.")
    {
    }

    public RlsMatrixException(string message)
        : base(message)
    {
    }

    public RlsMatrixException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using Harness.Errors;

namespace Harness.Scenarios.Rls;

/// <summary>
/// The matrix refuses to run: no app connection or ledger, or the app connection is not subject to RLS (superuser,
/// BYPASSRLS, or another role than the manifest's). A <see cref="HarnessException"/>, so the run reports its message as
/// the reason the matrix could not run and exits 2, instead of passing a matrix that proved nothing.
/// </summary>
public sealed class RlsMatrixException : HarnessException
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

    /// <summary>The app role the matrix was to probe as, when the refusal is about it.</summary>
    public string? AppRole { get; init; }

    /// <summary>The tenant table the matrix cannot probe, when the refusal is about one.</summary>
    public string? Table { get; init; }

    /// <summary>The SQLSTATE of the error that stopped the matrix (a tenant context that fails), when there is one.</summary>
    public string? SqlState { get; init; }
}

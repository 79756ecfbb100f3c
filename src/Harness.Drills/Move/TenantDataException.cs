using Harness.Errors;

namespace Harness.Drills.Move;

/// <summary>
/// A tenant's rows could not be read or placed: the tenancy names no table of the schema, the tenant is in neither the
/// source nor the snapshot, or the role may not read every row. The message says what to give or grant instead.
/// </summary>
public sealed class TenantDataException : HarnessException
{
    public TenantDataException() : this("A tenant's rows could not be read.") { }

    public TenantDataException(string message) : base(message) { }

    public TenantDataException(string message, Exception innerException) : base(message, innerException) { }
}

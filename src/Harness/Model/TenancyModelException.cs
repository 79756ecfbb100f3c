using Harness.Errors;

namespace Harness.Model;

/// <summary>The manifest does not fit the database (a named table or column is missing). The message says which and what exists.</summary>
public sealed class TenancyModelException : HarnessException
{
    public TenancyModelException() : this("The tenancy manifest does not match the database.") { }

    public TenancyModelException(string message) : base(message) { }

    public TenancyModelException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The table the manifest names that does not fit the database, when one does.</summary>
    public string? Table { get; init; }

    /// <summary>The column the manifest names that does not fit the database, when one does.</summary>
    public string? Column { get; init; }
}

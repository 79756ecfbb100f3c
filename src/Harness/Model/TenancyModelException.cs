namespace Harness.Model;

/// <summary>The manifest does not fit the database (a named table or column is missing). The message says which and what exists.</summary>
public sealed class TenancyModelException : Exception
{
    public TenancyModelException() : this("The tenancy manifest does not match the database.") { }

    public TenancyModelException(string message) : base(message) { }

    public TenancyModelException(string message, Exception innerException) : base(message, innerException) { }
}

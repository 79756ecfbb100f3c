namespace Harness.Migrations;

/// <summary>A target migration failed. The message names the file or command and the database's own error.</summary>
public sealed class MigrationException : Exception
{
    public MigrationException() : this("A migration failed.") { }

    public MigrationException(string message) : base(message) { }

    public MigrationException(string message, Exception innerException) : base(message, innerException) { }
}

using Harness.Errors;

namespace Harness.Migrations;

/// <summary>A target migration failed. The message names the file or command and the database's own error.</summary>
public sealed class MigrationException : HarnessException
{
    public MigrationException() : this("A migration failed.") { }

    public MigrationException(string message) : base(message) { }

    public MigrationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The SQL file or folder, or the command, that failed; null when not known.</summary>
    public string? Migration { get; init; }

    /// <summary>The failed command's last output lines; null when a SQL file failed or the command printed nothing.</summary>
    public string? Output { get; init; }
}

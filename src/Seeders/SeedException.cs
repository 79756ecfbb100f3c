using Harness.Errors;

namespace Harness.Seeders;

/// <summary>The seeder cannot fill a table. The message names the table and column and how to provide a rule.</summary>
public sealed class SeedException : HarnessException
{
    public SeedException() : this("The seeder could not fill a table.") { }

    public SeedException(string message) : base(message) { }

    public SeedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The table the seeder cannot fill, when one is at fault.</summary>
    public string? Table { get; init; }

    /// <summary>The column the seeder cannot fill, when one is at fault.</summary>
    public string? Column { get; init; }
}

namespace Harness.Seeders;

/// <summary>The seeder cannot fill a table. The message names the table and column and how to provide a rule.</summary>
public sealed class SeedException : Exception
{
    public SeedException() : this("The seeder could not fill a table.") { }

    public SeedException(string message) : base(message) { }

    public SeedException(string message, Exception innerException) : base(message, innerException) { }
}

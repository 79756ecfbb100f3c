namespace Harness.Workers;

/// <summary>
/// One worker of a run: where its copy of the target's schema lives (a schema of the server's database, or a
/// database of its own), with the connection strings that reach it. Created with the harness's marker, dropped on dispose.
/// </summary>
public interface IWorker : IAsyncDisposable
{
    RunId Run { get; }

    /// <summary>The worker's number in the run (0 holds the run's model and ledger).</summary>
    int Worker { get; }

    /// <summary>The schema's or database's name, for messages and <c>--keep</c>.</summary>
    string Name { get; }

    /// <summary>"schema" or "database": what <see cref="Name"/> names.</summary>
    string Kind { get; }

    /// <summary>The schema that holds the tenant tables.</summary>
    string Schema { get; }

    /// <summary>The search path the connection strings set, or null where they keep the database's default.</summary>
    string? SearchPath { get; }

    /// <summary>The admin connection string that reaches the worker's tables by unqualified name.</summary>
    string AdminConnectionString { get; }

    /// <summary>When true (the default), dispose drops the worker; set false to keep it for inspection (--keep).</summary>
    bool DropOnDispose { get; set; }

    /// <summary>A connection string for <paramref name="role"/> that reaches the worker's tables, on the same server.</summary>
    string ConnectionStringFor(string role, string? password);

    /// <summary>Drops the worker and everything in it. Safe to call twice.</summary>
    Task DropAsync(CancellationToken cancellationToken = default);
}

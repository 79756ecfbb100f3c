using Harness.Sql;
using Harness.Tests.Provisioning;
using Harness.Workers;

namespace Harness.Tests.Workers;

/// <summary>Rewrites the marker of a schema or database the test created, to stand for an owner that crashed or still runs.</summary>
internal static class OwnerMarkers
{
    /// <summary>Marks <paramref name="name"/> as created at <paramref name="createdAt"/> by a process of this host that has exited.</summary>
    public static Task MarkDeadAsync(string adminConnectionString, string kind, string name, RunId run, DateTimeOffset createdAt) =>
        MarkAsync(adminConnectionString, kind, name,
            new SchemaMarker(1, run.Value, createdAt, Environment.MachineName, ProcessProbe.DeadPid()) { ProcessStartedAt = createdAt });

    /// <summary>Marks <paramref name="name"/> as created at <paramref name="createdAt"/> by this very (running) test process.</summary>
    public static Task MarkLiveAsync(string adminConnectionString, string kind, string name, RunId run, DateTimeOffset createdAt) =>
        MarkAsync(adminConnectionString, kind, name, SchemaMarker.ForThisProcess(run, createdAt));

    public static Task MarkAsync(string adminConnectionString, string kind, string name, SchemaMarker marker) =>
        WorkerSchemaTests.ExecuteAsync(adminConnectionString, $"COMMENT ON {kind} {SqlIdentifier.Quote(name)} IS {SqlLiteral.Quote(marker.ToComment())}");
}

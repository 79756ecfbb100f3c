using System.Diagnostics;
using Harness.Provisioning;

namespace Harness.Bench.Snapshot;

/// <summary>The reference: <c>psql -c</c> running the digest statements themselves, in one REPEATABLE READ transaction like the reader.</summary>
internal static class PsqlReference
{
    /// <summary>The wall time of one <c>psql</c> process (start included) running <paramref name="sql"/>, output discarded.</summary>
    public static async Task<TimeSpan> RunAsync(string adminConnectionString, string sql, CancellationToken cancellationToken)
    {
        var start = PsqlStart.For(adminConnectionString, sql);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new IOException("psql could not be started: is it on PATH?");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new IOException($"psql failed ({process.ExitCode}): {await error}");
        }

        return elapsed;
    }
}

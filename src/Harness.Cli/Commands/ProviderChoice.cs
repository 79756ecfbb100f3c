using Harness.Provisioning;
using Harness.Testcontainers;

namespace Harness.Cli.Commands;

/// <summary>Resolves <c>--postgres</c> with container support wired in, and says on the console which provider it picked.</summary>
internal static class ProviderChoice
{
    public static async Task<IPostgresProvider> ResolveAsync(string value, IProgress<string> progress, CancellationToken cancellationToken)
    {
        // The CLI handles SIGINT and SIGTERM itself (TerminationSignals): the run cancels and disposes the cluster.
        var local = new LocalClusterOptions { RemoveOnTerminationSignal = false };
        var resolution = await new PostgresProviderResolver(() => new TestcontainersProvider(), local).ResolveAsync(value, cancellationToken);
        progress.Report($"postgres: {resolution.Explanation}");
        return resolution.Provider;
    }
}

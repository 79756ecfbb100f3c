using Harness.Provisioning;
using Harness.Testcontainers;

namespace Harness.Cli.Commands;

/// <summary>Resolves <c>--postgres</c> with container support wired in, and says on the console which provider it picked.</summary>
internal static class ProviderChoice
{
    public static async Task<IPostgresProvider> ResolveAsync(string value, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var resolution = await new PostgresProviderResolver(() => new TestcontainersProvider()).ResolveAsync(value, cancellationToken);
        progress.Report($"postgres: {resolution.Explanation}");
        return resolution.Provider;
    }
}

using Harness.Provisioning;
using Harness.Workers;
using Npgsql;

namespace Harness.Runner;

/// <summary>
/// What a run removes after its workers, also on failure or cancel: the template database (database isolation), then
/// the roles its migrations created. Best effort: a failure is a warning, and nothing is removed with <c>--keep</c> or on
/// a harness-owned server (removed whole).
/// </summary>
internal sealed class RunCleanup(IPostgresServer server, IProgress<string> progress, bool keep)
{
    /// <summary>
    /// How long the removal of what a run created may take. It runs with a token of its own, also after the run's token was
    /// cancelled (Ctrl+C), and a server that does not answer in time leaves the rest to the stale-schema collector.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The run's template database, once created.</summary>
    public WorkerDatabase? Template { get; set; }

    /// <summary>The roles the run's migrations created and that are the run's own to drop, once known.</summary>
    public IReadOnlyList<string>? Roles { get; set; }

    /// <summary>
    /// The server's roles before the run migrated. When the run ends before it read which roles its migrations created (it
    /// was cancelled while migrating or seeding), those that appeared since and hold objects of the template are found here.
    /// </summary>
    public IReadOnlySet<string>? RolesBefore { get; set; }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (keep || server.IsHarnessOwned)
        {
            return;
        }

        try
        {
            if (Template is not null && Roles is null && RolesBefore is not null)
            {
                var appeared = (await MigrationRoles.ReadAsync(server.AdminConnectionString, cancellationToken)).Except(RolesBefore).ToList();
                Roles = appeared.Count == 0 ? []
                    : await MigrationRoles.DependedOnInAsync(server.AdminConnectionString, Template.Name, appeared, cancellationToken);
            }

            if (Template is not null)
            {
                await Template.DropAsync(cancellationToken);
            }

            if (Roles is { Count: > 0 } roles)
            {
                await MigrationRoles.DropAsync(server.AdminConnectionString, roles, progress, cancellationToken);
            }
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            progress.Report($"warning: could not finish removing the run's template database and roles ({e.Message}); the stale-schema collector removes the database later");
        }
    }
}

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
    /// <summary>The run's template database, once created.</summary>
    public WorkerDatabase? Template { get; set; }

    /// <summary>The roles the run's migrations created and that are the run's own to drop.</summary>
    public IReadOnlyList<string> Roles { get; set; } = [];

    public async Task FinishAsync()
    {
        if (keep || server.IsHarnessOwned)
        {
            return;
        }

        try
        {
            if (Template is not null)
            {
                await Template.DropAsync(CancellationToken.None);
            }

            if (Roles.Count > 0)
            {
                await MigrationRoles.DropAsync(server.AdminConnectionString, Roles, progress, CancellationToken.None);
            }
        }
        catch (NpgsqlException e)
        {
            progress.Report($"warning: could not finish removing the run's template database and roles ({e.Message}); the stale-schema collector removes the database later");
        }
    }
}

using Harness.Catalog;
using Harness.Errors;
using Harness.Ledger;
using Harness.Manifest;
using Harness.Model;
using Harness.Provisioning;
using Harness.Running;
using Harness.Scenarios.Rls;
using Npgsql;

namespace Harness.Drills.Verify;

/// <summary>
/// The RLS allow/deny matrix (<see cref="RlsMatrix"/>) on a restored database, opt-in: it probes as the manifest's app role
/// with writes inside transactions that are rolled back, using the seed ledger's tenants and ids (their rows must be in the
/// restored database). The catalog and row templates are read with the given connection in a read-only session.
/// </summary>
public static class RestoredProbe
{
    /// <summary>Runs the matrix on <paramref name="schema"/> of the database behind <paramref name="connectionString"/>.</summary>
    /// <exception cref="UsageException">The manifest gives no app role password to probe with.</exception>
    public static async Task<ScenarioResult> RunAsync(
        string connectionString, string schema, HarnessManifest manifest, SeedLedger ledger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(ledger);
        if (manifest.Database.AppPassword is not { } password)
        {
            throw new UsageException(
                $"--probe connects as the app role {manifest.Database.AppRole}: give its password as database.appPassword in {manifest.SourcePath}")
            {
                Option = "--probe",
            };
        }

        var readOnly = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ReadOnly(connectionString, "harness verify-restore probe (read-only)"))
        {
            SearchPath = schema,
        }.ConnectionString;
        var app = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Username = manifest.Database.AppRole,
            Password = password,
            SearchPath = schema,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(readOnly);
        await connection.OpenAsync(cancellationToken);
        var catalog = await CatalogReader.ReadAsync(connection, schema, manifest.Database.AppRole, cancellationToken);
        var model = TenancyModelResolver.Resolve(manifest, catalog);
        return await new RlsMatrix().RunAsync(new ScenarioContext(model, catalog, schema, readOnly, app, ledger), cancellationToken);
    }
}

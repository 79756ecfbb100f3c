using Harness.Catalog;
using Harness.Manifest;
using Harness.Model;
using Harness.Provisioning;
using Harness.Running;
using Harness.Scenarios.Audit;
using Npgsql;

namespace Harness.Drills.Verify;

/// <summary>
/// The catalog audit (<see cref="CatalogAudit"/>) on a restored database, read-only, with the tenancy a manifest gives: what
/// <c>harness audit</c> reports, so a restore that brought back an isolation mistake says so next to the verification.
/// </summary>
public static class RestoredAudit
{
    /// <summary>Audits <paramref name="schema"/> of the database behind <paramref name="connectionString"/> (read-only session).</summary>
    public static async Task<ScenarioResult> RunAsync(
        string connectionString, string schema, HarnessManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var readOnly = PostgresConnectionString.ReadOnly(connectionString, "harness verify-restore audit (read-only)");
        await using var connection = new NpgsqlConnection(readOnly);
        await connection.OpenAsync(cancellationToken);
        var catalog = await CatalogReader.ReadAsync(connection, schema, manifest.Database.AppRole, cancellationToken);
        var model = TenancyModelResolver.Resolve(manifest, catalog);
        return await new CatalogAudit().RunAsync(new ScenarioContext(model, catalog, schema, readOnly, null), cancellationToken);
    }
}

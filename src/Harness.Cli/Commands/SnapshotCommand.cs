using System.CommandLine;
using System.Globalization;
using Harness.Errors;
using Harness.Ledger;
using Harness.Provisioning;
using Harness.Runner;
using Harness.Snapshots;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness snapshot --db</c>: a <see cref="DatabaseSnapshot"/> of one schema written as JSON: its security catalog, per
/// tenant and table the row count and hashes (with the tenancy of a manifest or flags), where a ledger's canaries live, the
/// time and the WAL position. Read-only (its own read-only session), safe on a production database; the same snapshot that
/// migration survival compares step by step and a restore is verified against.
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Connection string of the database to snapshot (read-only).", Required = true };
        var schema = new Option<string>("--schema") { Description = "The schema that holds the tenant tables.", DefaultValueFactory = _ => "public" };
        var manifest = new Option<string?>("--manifest", "-m") { Description = "A manifest to take the tenant key and root from." };
        var tenantKey = new Option<string?>("--tenant-key") { Description = "Tenant key column, when no manifest is given; without either, the catalog only." };
        var root = new Option<string?>("--root") { Description = "The table whose rows are the tenants, digested by its key (with --tenant-key)." };
        var rootKey = new Option<string>("--root-key") { Description = "The root table's key column.", DefaultValueFactory = _ => "id" };
        var ledger = new Option<string?>("--ledger") { Description = "A run's ledger.json: where each of its canaries lives is recorded too." };
        var output = new Option<string>("--output", "-o") { Description = "The JSON file to write.", DefaultValueFactory = _ => "snapshot.json" };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists." };
        var command = new Command("snapshot", "Write a read-only snapshot of a schema (security catalog, per-tenant digests, canaries, time and LSN) as JSON.")
        {
            db, schema, manifest, tenantKey, root, rootKey, ledger, output, force,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var path = Path.GetFullPath(result.GetValue(output)!);
            if (File.Exists(path) && !result.GetValue(force))
            {
                throw new UsageException($"{path} exists; pass --force to overwrite it, or -o another file") { Option = "--output" };
            }

            var scope = await ScopeAsync(result.GetValue(manifest), result.GetValue(tenantKey), result.GetValue(root), result.GetValue(rootKey)!, result.GetValue(ledger), cancellationToken);
            var connection = PostgresConnectionString.Normalize(result.GetValue(db)!);
            var snapshot = await SnapshotReader.ReadAsync(connection, result.GetValue(schema)!, scope, cancellationToken);
            await SnapshotJson.WriteAsync(path, snapshot, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"snapshot of {PostgresConnectionString.Describe(connection)} schema {snapshot.Schema} at {snapshot.TakenAt:u}{(snapshot.Lsn is { } lsn ? $" (LSN {lsn})" : "")}: "
                + $"{snapshot.Security.Tables.Count} tables, {snapshot.Security.Policies.Count} policies, {snapshot.Security.Privileges.Count} privileges, "
                + $"{snapshot.Data.Count} tenant digests, {snapshot.Canaries.Count} canary placements"));
            Console.WriteLine($"written: {path}");
            return ExitCodes.Clean;
        }, cancellationToken));
        return command;
    }

    private static async Task<SnapshotScope> ScopeAsync(
        string? manifestPath, string? tenantKey, string? root, string rootKey, string? ledgerPath, CancellationToken cancellationToken)
    {
        if (manifestPath is not null && (tenantKey is not null || root is not null))
        {
            throw new UsageException("give the tenancy either with --manifest or with --tenant-key/--root, not both") { Option = "--manifest" };
        }

        if (root is not null && tenantKey is null)
        {
            throw new UsageException("--root needs --tenant-key (the column the other tables carry the tenant in)") { Option = "--root" };
        }

        var canaries = ledgerPath is null ? [] : (await SeedLedger.LoadAsync(ledgerPath, cancellationToken)).Tenants.SelectMany(t => t.Canaries).ToList();
        if (manifestPath is not null)
        {
            var tenancy = (await ScenarioRegistry.Default.LoadManifestAsync(manifestPath, cancellationToken)).Tenancy;
            return new SnapshotScope { TenantKey = tenancy.Key, Root = new SnapshotRoot(tenancy.Root, tenancy.RootKey), Canaries = canaries };
        }

        return new SnapshotScope
        {
            TenantKey = tenantKey,
            Root = root is null ? null : new SnapshotRoot(root, rootKey),
            Canaries = canaries,
        };
    }
}

using Harness.Runner;
using System.CommandLine;
using System.Diagnostics;
using Harness.Catalog;
using Harness.Errors;
using Harness.Manifest;
using Harness.Model;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Scenarios.Audit;
using Harness.Cli.Terminal;
using Npgsql;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness audit --db</c>: the catalog audit against an existing database, read-only (the session is put in
/// read-only mode), with no provisioning, migration or seeding.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Connection string of the database to audit (read-only).", Required = true };
        var schema = new Option<string>("--schema") { Description = "The schema that holds the tenant tables.", DefaultValueFactory = _ => "public" };
        var manifest = new Option<string?>("--manifest", "-m") { Description = "A manifest to take the tenancy from (its migrations are ignored)." };
        var tenantKey = new Option<string?>("--tenant-key") { Description = "Tenant key column, when no manifest is given (e.g. company_id)." };
        var root = new Option<string?>("--root") { Description = "Tenant root table, when no manifest is given (e.g. companies)." };
        var context = new Option<string?>("--context-setting") { Description = "Setting policies read, when no manifest is given (e.g. app.company_id)." };
        var appRole = new Option<string?>("--app-role") { Description = "The role the app connects as, when no manifest is given." };
        var global = new Option<string[]>("--global") { Description = "Tables intentionally shared by all tenants.", AllowMultipleArgumentsPerToken = true };
        var reports = CommonOptions.Reports();
        var failOn = CommonOptions.FailOn();
        var rules = CommonOptions.Rules();
        var skipRules = CommonOptions.SkipRules();
        var plain = CommonOptions.Plain();
        var command = new Command("audit", "Audit an existing database's catalog for tenant-isolation mistakes (read-only).")
        {
            db, schema, manifest, tenantKey, root, context, appRole, global, reports, failOn, rules, skipRules, plain,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var audit = new CatalogAudit();
            var filter = CommonOptions.RuleFilterOf(result, rules, skipRules);
            filter.Validate(audit.Rules);
            var started = DateTimeOffset.UtcNow;
            var stopwatch = Stopwatch.StartNew();
            var tenancy = result.GetValue(manifest) is { } path
                ? await ScenarioRegistry.Default.LoadManifestAsync(path, cancellationToken)
                : FromFlags(result.GetValue(tenantKey), result.GetValue(root), result.GetValue(context), result.GetValue(appRole), result.GetValue(global) ?? []);
            var schemaName = result.GetValue(schema)!;
            var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ReadOnly(result.GetValue(db)!, "harness audit (read-only)"));
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var catalog = await CatalogReader.ReadAsync(connection, schemaName, tenancy.Database.AppRole, cancellationToken);
            if (catalog.Tables.Count == 0)
            {
                throw new UsageException($"schema '{schemaName}' has no tables on {builder.Host}:{builder.Port}/{builder.Database}; pass --schema")
                {
                    Option = "--schema",
                };
            }

            var model = TenancyModelResolver.Resolve(tenancy, catalog);
            var scenario = await audit.RunAsync(
                new Running.ScenarioContext(model, catalog, schemaName, builder.ConnectionString, null), cancellationToken);
            var report = new RunReport
            {
                RunId = "audit",
                Target = $"{builder.Host}:{builder.Port}/{builder.Database} schema {schemaName}",
                Postgres = $"external {builder.Host}:{builder.Port}",
                StartedAt = started,
                Duration = stopwatch.Elapsed,
                FailOn = result.GetValue(failOn),
                Scenarios = [filter.Apply(scenario)],
            };
            return await ReportOutput.WriteAndSummarizeAsync(report, result.GetValue(reports)!, "audit", RunDisplay.ForConsole(result.GetValue(plain)), cancellationToken);
        }, cancellationToken));
        return command;
    }

    private static HarnessManifest FromFlags(string? tenantKey, string? root, string? context, string? appRole, string[] global)
    {
        string Need(string? value, string flag) =>
            value ?? throw new UsageException($"without --manifest, {flag} is required (also --tenant-key, --root, --context-setting, --app-role)")
            {
                Option = flag,
            };
        return new HarnessManifest
        {
            SourcePath = "(command line)",
            Tenancy = new TenancySection
            {
                Key = Need(tenantKey, "--tenant-key"),
                Root = Need(root, "--root"),
                ContextSetting = Need(context, "--context-setting"),
                Global = global,
            },
            Database = new DatabaseSection { AppRole = Need(appRole, "--app-role") },
        };
    }
}

using System.CommandLine;
using Harness.Init;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness init --db</c>: writes a first, commented <c>harness.yaml</c> from a read-only look at a database
/// (and optionally an OpenAPI document). Refuses to overwrite a file without --force.
/// </summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Connection string of the database to inspect (read-only).", Required = true };
        var schema = new Option<string?>("--schema")
        {
            Description = "The schema that holds the app's tables (default: the connection's current schema, usually public).",
        };
        var openApi = new Option<string?>("--openapi")
        {
            Description = "An OpenAPI document (file path or http(s) URL, JSON or YAML): its operations are listed with path parameters mapped to tables.",
        };
        var output = new Option<string>("--output", "-o") { Description = "The manifest to write.", DefaultValueFactory = _ => "harness.yaml" };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists." };
        var tenantKey = new Option<string?>("--tenant-key")
        {
            Description = "The tenant key column, when it is not among the names init looks for (tenant_id, org_id, company_id, ...).",
        };
        var migrations = new Option<string?>("--migrations")
        {
            Description = "The app's folder of SQL migrations: when they name schemas (auth.users), the manifest isolates workers by database.",
        };
        var command = new Command("init", "Write a first harness.yaml from a read-only look at a database (and an OpenAPI document).")
        {
            db, schema, openApi, output, force, tenantKey, migrations,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var init = await ManifestInitializer.RunAsync(
                new InitOptions
                {
                    ConnectionString = result.GetValue(db)!,
                    Schema = result.GetValue(schema),
                    OpenApi = result.GetValue(openApi),
                    OutputPath = result.GetValue(output)!,
                    Force = result.GetValue(force),
                    TenantKey = result.GetValue(tenantKey),
                    MigrationsFolder = result.GetValue(migrations),
                },
                cancellationToken);
            Print(init, Console.Out);
            return ExitCodes.Clean;
        }, cancellationToken));
        return command;
    }

    private static void Print(InitResult init, TextWriter output)
    {
        var t = init.Tenancy;
        output.WriteLine($"inspected schema {init.Inspection.Schema} on {init.Inspection.Server} (read-only): {init.Inspection.Catalog.Tables.Count} tables");
        output.WriteLine($"tenant key: {t.Key.Column} ({t.Key.Tables.Count} tables{(t.Root is { } r ? $"; root {r.Table}.{r.Column}" : "; no root found")})"
            + (t.Candidates.Count > 1 ? $"; other candidates: {string.Join(", ", t.Candidates.Where(c => c != t.Key).Select(c => c.Column))}" : ""));
        output.WriteLine($"membership: {t.Membership?.Value ?? "(none found)"}; context setting: {t.ContextSetting?.Setting ?? "(none found)"}; app role: {(t.Roles.Count > 0 ? t.Roles[0].Name : "(none found)")}");
        output.WriteLine($"global: {string.Join(", ", t.OtherTables.Where(o => o.Kind is NonTenantKind.ReferenceData or NonTenantKind.MigrationHistory).Select(o => o.Name.Value).DefaultIfEmpty("(none)"))}"
            + (t.OtherTables.Any(o => o.Kind is NonTenantKind.LooksLikeTenantData or NonTenantKind.Unrelated)
                ? $"; to decide: {string.Join(", ", t.OtherTables.Where(o => o.Kind is NonTenantKind.LooksLikeTenantData or NonTenantKind.Unrelated).Select(o => o.Name.Value))}"
                : ""));
        if (init.OpenApi is { } openApi)
        {
            output.WriteLine($"openapi: {openApi.Operations.Count} operations from {openApi.Source}");
        }

        output.WriteLine($"wrote {init.OutputPath} ({init.Todos} lines with TODO)");
        output.WriteLine($"next: review it, fill in the migrations TODO, then: harness run --manifest {init.OutputPath}");
    }
}

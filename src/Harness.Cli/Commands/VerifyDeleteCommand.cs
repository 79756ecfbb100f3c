using System.CommandLine;
using System.Diagnostics;
using Harness.Cli.Terminal;
using Harness.Drills.Delete;
using Harness.Errors;
using Harness.Provisioning;
using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness verify-delete --db --tenant</c>: checks that a deleted tenant left no row in any tenant table, soft-deleted rows
/// and tables reached only through foreign keys included (<see cref="DeletionVerifier"/>: DEL001), read-only.
/// Exit 0 clean, 1 rows left, 2 could not run.
/// </summary>
internal static class VerifyDeleteCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Connection string of the database the tenant was deleted from (read-only).", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "The deleted tenant's id (the root's key as text; a uuid in lower case).", Required = true };
        var schema = new Option<string>("--schema") { Description = "The schema that holds the tenant tables.", DefaultValueFactory = _ => "public" };
        var tenancy = new TenancyFlags();
        var reports = CommonOptions.Reports();
        var failOn = CommonOptions.FailOn();
        var plain = CommonOptions.Plain();
        var command = new Command("verify-delete", "Verify a tenant's deletion: no row of it left in any tenant table, soft-deleted and foreign-key-only tables included (read-only).")
        {
            db, tenant, schema, reports, failOn, plain,
        };
        foreach (var option in tenancy.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var started = DateTimeOffset.UtcNow;
            var stopwatch = Stopwatch.StartNew();
            var tenantId = result.GetValue(tenant)!.Trim();
            if (tenantId.Length == 0)
            {
                throw new UsageException("--tenant is empty: give the deleted tenant's id") { Option = "--tenant" };
            }

            var connection = PostgresConnectionString.Normalize(result.GetValue(db)!);
            var schemaName = result.GetValue(schema)!;
            var scenario = await DeletionVerifier.VerifyAsync(connection, schemaName, await tenancy.ReadAsync(result, cancellationToken), tenantId, cancellationToken);
            var report = new RunReport
            {
                RunId = "verify-delete",
                Target = $"tenant {tenantId} in {PostgresConnectionString.Describe(connection)} schema {schemaName}",
                Postgres = $"external {PostgresConnectionString.Describe(connection)}",
                StartedAt = started,
                Duration = stopwatch.Elapsed,
                FailOn = result.GetValue(failOn),
                Scenarios = [scenario],
            };
            return await ReportOutput.WriteAndSummarizeAsync(report, result.GetValue(reports)!, "verify-delete", RunDisplay.ForConsole(result.GetValue(plain)), cancellationToken);
        }, cancellationToken));
        return command;
    }
}

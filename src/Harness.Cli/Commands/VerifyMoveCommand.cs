using System.CommandLine;
using System.Diagnostics;
using Harness.Cli.Terminal;
using Harness.Drills.Move;
using Harness.Errors;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Snapshots;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness verify-move --source --target --tenant</c>: checks a tenant's move from a pooled database to a dedicated one
/// (<see cref="MoveVerifier"/>: MOV001-MOV004), read-only on both. Exit 0 clean, 1 findings, 2 could not run.
/// </summary>
internal static class VerifyMoveCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "Connection string of the pooled database the tenant moved from (read-only).", Required = true };
        var target = new Option<string>("--target") { Description = "Connection string of the dedicated database the tenant moved to (read-only).", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "The moved tenant's id (the root's key as text; a uuid in lower case).", Required = true };
        var schema = new Option<string>("--schema") { Description = "The schema of the tenant tables in the source.", DefaultValueFactory = _ => "public" };
        var targetSchema = new Option<string?>("--target-schema") { Description = "The schema of the tenant tables in the destination (default: --schema)." };
        var snapshot = new Option<string?>("--snapshot") { Description = "A snapshot of the source taken before the move (harness snapshot): what to compare with once the source no longer has the tenant." };
        var complete = new Option<bool>("--complete") { Description = "The move is declared complete: the source must hold no row of the tenant (MOV003)." };
        var tenancy = new TenancyFlags();
        var reports = CommonOptions.Reports();
        var failOn = CommonOptions.FailOn();
        var plain = CommonOptions.Plain();
        var command = new Command("verify-move", "Verify a tenant's move to a dedicated database: exactly its rows, no other tenant's, the same isolation, nothing left behind (read-only).")
        {
            source, target, tenant, schema, targetSchema, snapshot, complete, reports, failOn, plain,
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
                throw new UsageException("--tenant is empty: give the moved tenant's id") { Option = "--tenant" };
            }

            var sourceSchema = result.GetValue(schema)!;
            var request = new MoveVerifyRequest
            {
                Tenant = tenantId,
                Tenancy = await tenancy.ReadAsync(result, cancellationToken),
                SourceSchema = sourceSchema,
                TargetSchema = result.GetValue(targetSchema) ?? sourceSchema,
                Snapshot = result.GetValue(snapshot) is { } path ? await SnapshotJson.ReadSnapshotAsync(Path.GetFullPath(path), cancellationToken) : null,
                Complete = result.GetValue(complete),
            };
            var from = PostgresConnectionString.Normalize(result.GetValue(source)!);
            var to = PostgresConnectionString.Normalize(result.GetValue(target)!);
            var scenario = await MoveVerifier.VerifyAsync(from, to, request, cancellationToken);
            var report = new RunReport
            {
                RunId = "verify-move",
                Target = $"tenant {tenantId}: {PostgresConnectionString.Describe(from)} schema {request.SourceSchema} -> {PostgresConnectionString.Describe(to)} schema {request.TargetSchema}",
                Postgres = $"external {PostgresConnectionString.Describe(to)}",
                StartedAt = started,
                Duration = stopwatch.Elapsed,
                FailOn = result.GetValue(failOn),
                Scenarios = [scenario],
            };
            return await ReportOutput.WriteAndSummarizeAsync(report, result.GetValue(reports)!, "verify-move", RunDisplay.ForConsole(result.GetValue(plain)), cancellationToken);
        }, cancellationToken));
        return command;
    }
}

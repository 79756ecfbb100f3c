using System.CommandLine;
using Harness.Cli.Commands;

// Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 the harness could not run (usage errors and cancellation included).
// Ctrl+C and SIGTERM cancel the command's token and the command ends itself (exit 2, error: cancelled); System.CommandLine's
// own handling is off, as it would return 130/143 after two seconds while the run still removes what it created.
// harness soak takes the first Ctrl+C as "stop and report" (TerminationSignals.StopOnFirstInterrupt).
using var signals = new TerminationSignals();

// The commands whose options HARNESS_* environment variables can set (EnvironmentOptions).
Command[] fromEnvironment = [RunCommand.Create(), AuditCommand.Create(), CollectCommand.Create(), ValidateCommand.Create()];
var root = new RootCommand("harness: tenant-isolation test harness and chaos kit for multi-tenant PostgreSQL apps")
{
    fromEnvironment[0],
    fromEnvironment[1],
    fromEnvironment[2],
    fromEnvironment[3],
    InitCommand.Create(),
    BenchCommand.Create(),
    ReportCommand.Create(),
    BaselineCommand.Create(),
    TokenCommand.Create(),
    SoakCommand.Create(signals),
    SnapshotCommand.Create(),
    VerifyRestoreCommand.Create(),
    VerifyMoveCommand.Create(),
    VerifyDeleteCommand.Create(),
    DrillCommand.Create(),
};
root.Options.Add(CommonOptions.Diagnostics);
EnvironmentOptions.Describe(fromEnvironment);
var (parsed, environmentErrors) = EnvironmentOptions.Parse(root, args, fromEnvironment, Environment.GetEnvironmentVariable);
if (ParseErrors.Report(parsed, environmentErrors, Console.Error) is { } usage)
{
    return usage;
}

return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token);

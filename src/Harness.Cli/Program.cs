using System.CommandLine;
using Harness.Cli.Commands;

// Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 the harness could not run (usage errors included).
// The commands whose options HARNESS_* environment variables can set (EnvironmentOptions).
Command[] fromEnvironment = [RunCommand.Create(), AuditCommand.Create(), CollectCommand.Create()];
var root = new RootCommand("harness: tenant-isolation test harness and chaos kit for multi-tenant PostgreSQL apps")
{
    fromEnvironment[0],
    fromEnvironment[1],
    fromEnvironment[2],
    InitCommand.Create(),
    BenchCommand.Create(),
    ReportCommand.Create(),
};
root.Options.Add(CommonOptions.Diagnostics);
EnvironmentOptions.Describe(fromEnvironment);
var (parsed, environmentErrors) = EnvironmentOptions.Parse(root, args, fromEnvironment, Environment.GetEnvironmentVariable);
return ParseErrors.Report(parsed, environmentErrors, Console.Error) ?? await parsed.InvokeAsync();

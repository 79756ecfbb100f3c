using System.CommandLine;
using Harness.Cli.Commands;

// Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 the harness could not run (usage errors included).
var root = new RootCommand("harness: tenant-isolation test harness and chaos kit for multi-tenant PostgreSQL apps")
{
    RunCommand.Create(),
    AuditCommand.Create(),
    CollectCommand.Create(),
    InitCommand.Create(),
    BenchCommand.Create(),
    ReportCommand.Create(),
    BaselineCommand.Create(),
    TokenCommand.Create(),
};
root.Options.Add(CommonOptions.Diagnostics);
var parsed = root.Parse(args);
return ParseErrors.Report(parsed, Console.Error) ?? await parsed.InvokeAsync();

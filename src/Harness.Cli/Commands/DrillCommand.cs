using System.CommandLine;

namespace Harness.Cli.Commands;

/// <summary><c>harness drill</c>: the harness's reference procedures run end to end on a cluster of their own, and verified.</summary>
internal static class DrillCommand
{
    public static Command Create() => new("drill", "Run a reference procedure (a restore, a tenant move) end to end on a cluster the harness provisions, and verify it per tenant.")
    {
        DrillRestoreCommand.Create(),
        DrillMoveCommand.Create(),
    };
}

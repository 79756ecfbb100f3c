using FluentAssertions;
using Harness.Tests.Drills.Move;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Delete;

/// <summary><c>harness verify-delete</c> as a user runs it, as a role that may only SELECT: 0 clean, 1 rows left, 2 could not run.</summary>
public sealed class VerifyDeleteCommandTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exit_codes_are_0_when_nothing_is_left_1_when_a_table_was_missed_and_2_when_it_cannot_read()
    {
        var schema = await OwnSchema.CreateAsync(postgres, "vdc", rows: true, OwnSchema.NewRole(), Token);
        await OwnSchema.ExecuteAsync(postgres.ConnectionStringFor(schema),
            "DELETE FROM audit_events WHERE account_no = 1; DELETE FROM accounts WHERE account_no IN (1, 2);", Token);
        var reader = await OwnSchema.ReaderAsync(postgres, bypassRls: true, Token, schema);
        var filtered = await OwnSchema.ReaderAsync(postgres, bypassRls: false, Token, schema);
        var reports = Directory.CreateTempSubdirectory("harness-verify-delete-").FullName;
        string[] Args(string db, string tenant, string? inSchema = null) =>
            ["verify-delete", "--db", db, "--tenant", tenant, "--schema", inSchema ?? schema, "--tenant-key", "account_no", "--root", "accounts", "--root-key", "account_no", "--plain", "--reports", reports];

        var clean = await CliProcess.HarnessAsync(Args(reader, "1"), cancellationToken: Token);
        var missed = await CliProcess.HarnessAsync(Args(reader, "2"), cancellationToken: Token);
        var hidden = await CliProcess.HarnessAsync(Args(filtered, "1"), cancellationToken: Token);
        var noSchema = await CliProcess.HarnessAsync(Args(reader, "1", "no_such_schema"), cancellationToken: Token);

        clean.ExitCode.Should().Be(0, clean.ToString());
        missed.ExitCode.Should().Be(1, missed.ToString());
        missed.Stdout.Should().Contain("DEL001").And.Contain("audit_events");
        hidden.ExitCode.Should().Be(2);
        hidden.Stderr.Should().Contain("row-level security");
        noSchema.ExitCode.Should().Be(2);
        noSchema.Stderr.Should().Contain("no_such_schema");
    }
}

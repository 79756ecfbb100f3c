using FluentAssertions;
using Harness.Ledger;
using Harness.Scenarios.Survival;
using Harness.Snapshots;
using static Harness.Tests.Survival.SurvivalSnapshots;

namespace Harness.Tests.Survival;

/// <summary>The data check of migration survival: rows and canaries stay with their tenant unless the change is expected.</summary>
public sealed class DataSurvivalChecksTests
{
    private static readonly SeedLedger Ledger = new(7, "account_id",
    [
        new SeededTenant(0, "a", "Acme", [], ["cnry-t0000-r0001-x"]),
        new SeededTenant(1, "b", "Bolt", [], ["cnry-t0001-r0001-x"]),
    ]);

    private static readonly TenantTableDigest[] Rows =
    [
        new("notes", "a", 5, 100, 1000),
        new("notes", "b", 5, 200, 2000),
    ];

    private static DatabaseSnapshot With(TenantTableDigest[] data, params CanaryPlacement[] canaries) => Snapshot(Clean, data) with { Canaries = canaries };

    [Fact]
    public void Rewritten_content_with_the_same_rows_per_tenant_is_no_finding()
    {
        var after = With([Rows[0] with { RowHash = 1 }, Rows[1] with { RowHash = 2 }]);

        DataSurvivalChecks.Run(Step(With(Rows), after), Ledger, _ => false).Should().BeEmpty();
    }

    [Fact]
    public void A_tenant_that_lost_its_rows_is_found_unless_the_change_is_expected()
    {
        var after = With([Rows[0], Rows[1] with { Rows = 0, KeyHash = 0 }]);

        DataSurvivalChecks.Run(Step(With(Rows), after), Ledger, _ => false).Should().ContainSingle()
            .Which.Message.Should().Contain("5 rows vanished");
        DataSurvivalChecks.Run(Step(With(Rows), after), Ledger, table => table == "notes").Should().BeEmpty();
    }

    [Fact]
    public void Rows_moved_between_tenants_are_found()
    {
        var after = With([Rows[0] with { Rows = 6, KeyHash = 150 }, Rows[1] with { Rows = 4, KeyHash = 150 }]);

        DataSurvivalChecks.Run(Step(With(Rows), after), Ledger, _ => false).Should().ContainSingle()
            .Which.Message.Should().Contain("moved between tenants");
    }

    [Fact]
    public void A_canary_copied_into_another_tenants_row_is_found_and_one_that_stays_home_is_not()
    {
        var home = new CanaryPlacement("cnry-t0000-r0001-x", "notes", "a");
        var copied = new CanaryPlacement("cnry-t0000-r0001-x", "notes", "b");

        DataSurvivalChecks.Run(Step(With(Rows, home), With(Rows, home, copied)), Ledger, _ => false).Should().ContainSingle()
            .Which.Evidence.Should().Contain("cnry-t0000-r0001-x of tenant 0 (a) now in 1 row(s) of tenant 1 (b)");
        DataSurvivalChecks.Run(Step(With(Rows, home), With(Rows, home)), Ledger, _ => false).Should().BeEmpty();
    }

    [Fact]
    public void A_dropped_tenant_table_is_found()
    {
        var after = Snapshot(Clean with { Tables = [.. Clean.Tables.Where(t => t.Name != "notes")] });

        DataSurvivalChecks.Run(Step(With(Rows), after), Ledger, _ => false).Should().ContainSingle()
            .Which.Message.Should().Contain("are gone");
    }
}

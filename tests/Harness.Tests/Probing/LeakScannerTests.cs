using FluentAssertions;
using Harness.Ledger;
using Harness.Probing;

namespace Harness.Tests.Probing;

/// <summary>The IDOR and chaos judges' evidence: another tenant's canaries and seeded ids in any answer, never the attacker's own or an echo.</summary>
public sealed class LeakScannerTests
{
    private static readonly Guid SharedId = Guid.Parse("00000000-0000-4000-8000-000000000099");

    private static readonly SeedLedger Ledger = new(7, "workspace_id",
    [
        Tenant(0, "11111111-1111-4111-8111-111111111111", "aaaaaaaa-0000-4000-8000-000000000001"),
        Tenant(1, "22222222-2222-4222-8222-222222222222", "bbbbbbbb-0000-4000-8000-000000000001"),
        Tenant(2, "33333333-3333-4333-8333-333333333333", "cccccccc-0000-4000-8000-000000000001"),
    ]);

    private readonly LeakScanner scanner = new(Ledger);

    [Fact]
    public void Another_tenants_canary_and_row_id_are_leaks_naming_that_tenant()
    {
        var answer = $$"""[{"id":"bbbbbbbb-0000-4000-8000-000000000001","note":"{{Canary(1)}}"}]""";

        var leaks = scanner.Scan(answer, attacker: 0, request: "GET /notes");

        leaks.Should().BeEquivalentTo([new Leak(1, "canary", Canary(1)), new Leak(1, "id", "bbbbbbbb-0000-4000-8000-000000000001")]);
    }

    [Fact]
    public void The_attackers_own_data_an_echo_of_the_request_and_an_empty_list_are_not_leaks()
    {
        scanner.Scan($$"""{"id":"aaaaaaaa-0000-4000-8000-000000000001","note":"{{Canary(0)}}"}""", 0, "GET /notes").Should().BeEmpty();
        scanner.Scan("""{"error":"not found","id":"cccccccc-0000-4000-8000-000000000001"}""", 0,
            "GET /notes/cccccccc-0000-4000-8000-000000000001").Should().BeEmpty();
        scanner.Scan("[]", 0, "GET /boards/22222222-2222-4222-8222-222222222222/notes").Should().BeEmpty();
    }

    [Fact]
    public void An_id_seeded_for_two_tenants_identifies_neither_and_ids_match_case_insensitively()
    {
        scanner.Scan($"[\"{SharedId}\"]", 0, "GET /tags").Should().BeEmpty();
        scanner.Scan("CCCCCCCC-0000-4000-8000-000000000001", 0, "GET /x").Should().ContainSingle().Which.Victim.Should().Be(2);
    }

    [Fact]
    public void At_most_max_leaks_per_victim_are_kept()
    {
        var answer = string.Join(",", Enumerable.Range(0, 10).Select(i => CanaryToken.For(1, i, "run1")));
        var ledger = Ledger with { Tenants = [Ledger.Tenants[0], Ledger.Tenants[1] with { Canaries = [.. Enumerable.Range(0, 10).Select(i => CanaryToken.For(1, i, "run1"))] }] };

        new LeakScanner(ledger).Scan(answer, 0, "GET /notes", max: 3).Should().HaveCount(3).And.OnlyContain(l => l.Victim == 1);
    }

    private static string Canary(int tenant) => CanaryToken.For(tenant, 0, "run1");

    private static SeededTenant Tenant(int index, string tenantId, string rowId) =>
        new(index, tenantId, $"Tenant {index}", [new SeededTable("notes", ["id"], [[rowId], [SharedId.ToString()]])], [Canary(index)]);
}

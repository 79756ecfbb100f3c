using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures;

/// <summary>
/// The Prisma-style fixture (fixtures/prisma-target): quoted camelCase names everywhere, migrations in Prisma's folders,
/// a schema per worker.
/// </summary>
public sealed class PrismaTargetTests(PostgresFixture postgres) : FixtureTargetTests(postgres)
{
    private static readonly Dictionary<string, string> Objects = new(StringComparer.Ordinal)
    {
        ["policy-ignores-tenant"] = "InvoiceLine",
        ["missing-with-check"] = "Invoice",
        ["rls-not-forced"] = "Payment",
        ["fk-without-tenant-key"] = "InvoiceLine",
        ["view-without-invoker"] = "InvoiceBalance",
    };

    public static TheoryData<string> Flaws => [.. Objects.Keys.Order(StringComparer.Ordinal)];

    protected override string Fixture => "prisma-target";

    protected override string FlawVariable => "PRISMA_FLAW";

    protected override IReadOnlyDictionary<string, string> FlawedObjects => Objects;

    protected override string ProbedTable => "Invoice";

    [Theory]
    [MemberData(nameof(Flaws))]
    public Task Each_planted_flaw_is_found_on_its_object(string flaw) => AssertFoundOnItsObjectAsync(flaw);
}

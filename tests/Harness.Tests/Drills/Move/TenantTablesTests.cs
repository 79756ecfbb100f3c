using FluentAssertions;
using Harness.Drills.Move;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Move;

/// <summary>The tenant tables come from the catalog: the key column, the root by its key, chains of foreign keys, parents first.</summary>
public sealed class TenantTablesTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tables_reached_only_through_foreign_keys_are_tied_to_their_tenant_by_the_chain_of_parents()
    {
        var schema = await OwnSchema.CreateAsync(postgres, "tt_own", rows: false, OwnSchema.NewRole(), Token);

        var tables = TenantTables.From(await TenantRowReader.ReadCatalogAsync(postgres.AdminConnectionString, schema, Token), OwnSchema.Tenancy);

        tables.InForeignKeyOrder.Select(t => t.Name).Should().Equal("accounts", "audit_events", "projects", "project_notes", "note_reactions");
        var reactions = tables.InForeignKeyOrder.Single(t => t.Name == "note_reactions");
        reactions.CarriesKey.Should().BeFalse();
        reactions.Chain.Should().Equal("note_reactions", "project_notes", "projects");
        reactions.TenantColumn.Should().Be("account_no");
        tables.InForeignKeyOrder.Single(t => t.Name == "accounts").TenantColumn.Should().Be("account_no");
    }

    [Fact]
    public async Task The_samples_tenant_tables_all_carry_the_key_and_its_global_table_is_left_out()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "tt_sample", cancellationToken: Token);
        var tenancy = new MoveTenancy(sample.Model.TenantKey, sample.Model.Root.Value, sample.Model.RootKey)
        {
            Global = sample.Model.GlobalTables.Select(t => t.Value).ToHashSet(StringComparer.Ordinal),
        };

        var tables = TenantTables.From(sample.Catalog, tenancy);

        tables.InForeignKeyOrder.Select(t => t.Name).Should().BeEquivalentTo(sample.Model.TenantTables.Select(t => t.Value));
        tables.InForeignKeyOrder[0].Name.Should().Be(sample.Model.Root.Value, "the root is every other table's parent");
        tables.InForeignKeyOrder.Should().OnlyContain(t => t.CarriesKey);
    }

    [Fact]
    public async Task A_root_that_is_not_in_the_schema_is_refused_with_what_to_name()
    {
        var schema = await OwnSchema.CreateAsync(postgres, "tt_bad", rows: false, OwnSchema.NewRole(), Token);
        var catalog = await TenantRowReader.ReadCatalogAsync(postgres.AdminConnectionString, schema, Token);

        var act = () => TenantTables.From(catalog, new MoveTenancy("account_no", "tenants"));

        act.Should().Throw<TenantDataException>().WithMessage("*'tenants'*not in schema*--schema*");
    }
}

using FluentAssertions;
using Harness.Seeders;
using Harness.Tests.Infrastructure;
using Harness.Workers;

namespace Harness.Tests.Workers;

public sealed class SchemaResetTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reset_empties_the_worker_schemas_tenant_tables_keeps_global_data_and_leaves_other_schemas_alone()
    {
        var target = await SampleSchema.CreateAsync(postgres, "reset", cancellationToken: Token);
        var neighbour = await SampleSchema.CreateAsync(postgres, "neigh", cancellationToken: Token);
        var options = new SeedOptions { Tenants = 3, RowsPerTable = 2 };
        await new TenantSeeder(target.Model, target.Catalog, options).SeedAsync(target.ConnectionString, cancellationToken: Token);
        await new TenantSeeder(neighbour.Model, neighbour.Catalog, options).SeedAsync(neighbour.ConnectionString, cancellationToken: Token);

        var reset = await SchemaReset.CreateAsync(
            postgres.AdminConnectionString, target.Schema, target.Model.GlobalTables.Select(t => t.Value), Token);
        await reset.ResetAsync(Token);

        reset.DeleteSql.Should().Contain(target.Schema).And.NotContain(neighbour.Schema);
        (await target.CountAsync("SELECT count(*) FROM companies", Token)).Should().Be(0);
        (await target.CountAsync("SELECT count(*) FROM sign_ins", Token)).Should().Be(0);
        (await target.CountAsync("SELECT count(*) FROM industries", Token)).Should().Be(4, "global reference data is kept");
        (await neighbour.CountAsync("SELECT count(*) FROM companies", Token)).Should().Be(3);

        await new TenantSeeder(target.Model, target.Catalog, options).SeedAsync(target.ConnectionString, cancellationToken: Token);
        (await target.CountAsync("SELECT count(*) FROM companies", Token)).Should().Be(3, "a reset schema can be seeded again");
    }
}

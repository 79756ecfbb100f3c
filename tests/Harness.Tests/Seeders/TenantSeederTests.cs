using Harness.Ledger;
using FluentAssertions;
using Harness.Catalog;
using Harness.Seeders;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Seeders;

public sealed class TenantSeederTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seeds_every_tenant_table_with_the_requested_sizes_and_records_them_in_the_ledger()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "seed", cancellationToken: Token);
        var options = new SeedOptions { Tenants = 7, UsersPerTenant = 2, RowsPerTable = 3 };

        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, options).SeedAsync(sample.ConnectionString, cancellationToken: Token);

        ledger.Tenants.Should().HaveCount(7);
        (await sample.CountAsync("SELECT count(*) FROM companies", Token)).Should().Be(7);
        (await sample.CountAsync("SELECT count(*) FROM users", Token)).Should().Be(14);
        string[] tables = ["sites", "inductions", "sign_ins", "contractor_documents", "exports", "work_permits", "jobs"];
        foreach (var table in tables)
        {
            (await sample.CountAsync($"SELECT count(*) FROM {table}", Token)).Should().Be(21, table);
            (await sample.CountAsync($"SELECT count(DISTINCT company_id) FROM {table}", Token)).Should().Be(7, table);
        }

        ledger.RowCount.Should().Be(7 + 14 + (tables.Length * 21));
        ledger.Tenants[3].Table("sites")!.Keys.Should().HaveCount(3).And.OnlyContain(k => k[0] == ledger.Tenants[3].TenantId);
    }

    [Fact]
    public async Task Every_foreign_key_points_inside_its_tenant_even_when_the_schema_would_allow_otherwise()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "seedfk", "fk-without-tenant-key", Token);

        await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = 6 }).SeedAsync(sample.ConnectionString, cancellationToken: Token);

        (await sample.CountAsync(
            "SELECT count(*) FROM inductions i JOIN sites s ON s.id = i.site_id WHERE s.company_id <> i.company_id", Token)).Should().Be(0);
        (await sample.CountAsync(
            "SELECT count(*) FROM exports e JOIN users u ON u.id = e.requested_by WHERE u.company_id <> e.company_id", Token)).Should().Be(0);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_data_and_another_seed_different_data()
    {
        var first = await SeedAsync(seed: 7);
        var again = await SeedAsync(seed: 7);
        var other = await SeedAsync(seed: 8);

        again.Ledger.Should().BeEquivalentTo(first.Ledger, o => o.WithStrictOrdering());
        again.Names.Should().Equal(first.Names);
        other.Ledger.Tenants[0].TenantId.Should().NotBe(first.Ledger.Tenants[0].TenantId);
        other.Names.Should().NotEqual(first.Names);
    }

    [Fact]
    public async Task Canaries_are_unique_per_tenant_stored_in_the_rows_and_traceable_to_their_owner()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "canary", cancellationToken: Token);
        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = 4 }).SeedAsync(sample.ConnectionString, cancellationToken: Token);

        var all = ledger.Tenants.SelectMany(t => t.Canaries).ToList();
        all.Should().OnlyHaveUniqueItems();
        ledger.Tenants.Should().OnlyContain(t => t.Canaries.Count >= 6, "every tenant table with a free text column carries canaries");

        await using var connection = new NpgsqlConnection(sample.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT company_id::text, name FROM sites", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
        {
            var token = CanaryToken.FindIn(reader.GetString(1)).Should().ContainSingle().Subject;
            ledger.OwnerOfCanary(token)!.TenantId.Should().Be(reader.GetString(0));
        }
    }

    [Fact]
    public async Task A_not_null_column_of_an_unknown_type_is_refused_naming_table_and_column()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "seedbad", cancellationToken: Token);
        await using (var connection = new NpgsqlConnection(sample.ConnectionString))
        {
            await connection.OpenAsync(Token);
            await using var alter = new NpgsqlCommand("ALTER TABLE sites ADD COLUMN area point NOT NULL DEFAULT NULL", connection);
            await alter.ExecuteNonQueryAsync(Token);
        }

        var catalog = await ReadCatalogAsync(sample);
        var act = () => new TenantSeeder(sample.Model, catalog, new SeedOptions { Tenants = 2 }).SeedAsync(sample.ConnectionString, cancellationToken: Token);

        (await act.Should().ThrowAsync<SeedException>()).Which.Message.Should()
            .Contain("sites.area").And.Contain("'point'").And.Contain("DEFAULT");
    }

    private async Task<(SeedLedger Ledger, List<string> Names)> SeedAsync(int seed)
    {
        var sample = await SampleSchema.CreateAsync(postgres, "det", cancellationToken: Token);
        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = 3, Seed = seed })
            .SeedAsync(sample.ConnectionString, cancellationToken: Token);
        var names = new List<string>();
        await using var connection = new NpgsqlConnection(sample.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT visitor_name || '|' || coalesce(visitor_phone, '') FROM sign_ins ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
        {
            names.Add(reader.GetString(0));
        }

        return (ledger, names);
    }

    private static async Task<CatalogSnapshot> ReadCatalogAsync(SampleSchema sample)
    {
        await using var connection = new NpgsqlConnection(sample.ConnectionString);
        await connection.OpenAsync(Token);
        return await CatalogReader.ReadAsync(connection, sample.Schema, "sample_app", Token);
    }
}

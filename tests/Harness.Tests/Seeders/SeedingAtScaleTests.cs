using FluentAssertions;
using Harness.Catalog;
using Harness.Runner;
using Harness.Manifest;
using Harness.Seeders;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Seeders;

public sealed class SeedingAtScaleTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_data_does_not_depend_on_how_many_connections_load_it()
    {
        var one = await SeedAndDigestAsync(new SeedOptions { Tenants = 9, Parallelism = 1 });
        var three = await SeedAndDigestAsync(new SeedOptions { Tenants = 9, Parallelism = 3 });

        three.Ledger.Should().BeEquivalentTo(one.Ledger, o => o.WithStrictOrdering());
        three.Digest.Should().Be(one.Digest);
    }

    [Fact]
    public void Skew_gives_a_few_large_tenants_and_many_small_while_keeping_the_total()
    {
        var sizes = TenantSizes.For(100, 20, skew: 1.0);

        sizes.Sum().Should().BeCloseTo(2000, 60);
        sizes[0].Should().BeGreaterThan(10 * sizes[50]);
        sizes.Should().OnlyContain(s => s >= 1).And.BeInDescendingOrder();
        TenantSizes.For(10, 7, skew: 0).Should().AllBeEquivalentTo(7);
    }

    [Fact]
    public async Task A_skewed_seed_stores_exactly_what_the_ledger_says_per_tenant()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "skew", cancellationToken: Token);
        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = 6, RowsPerTable = 10, Skew = 1.5 })
            .SeedAsync(sample.ConnectionString, cancellationToken: Token);

        var sites = ledger.Tenants.Select(t => t.Table("sites")!.Keys.Count).ToList();
        sites[0].Should().BeGreaterThan(sites[5]);
        foreach (var tenant in ledger.Tenants)
        {
            (await sample.CountAsync($"SELECT count(*) FROM sites WHERE company_id = '{tenant.TenantId}'", Token))
                .Should().Be(tenant.Table("sites")!.Keys.Count);
        }
    }

    [Fact]
    public async Task Manifest_rules_fill_columns_of_types_the_seeder_cannot_make()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "rules", cancellationToken: Token);
        await ExecuteAsync(sample, "ALTER TABLE sites ADD COLUMN area point NOT NULL DEFAULT NULL, ADD COLUMN legacy_code text NOT NULL DEFAULT 'L-0'");
        var catalog = await ReadCatalogAsync(sample);
        var manifest = ScenarioRegistry.Default.ParseManifest("""
            version: 1
            tenancy: { key: company_id, root: companies, context: { setting: app.company_id } }
            database: { appRole: sample_app }
            seed:
              rules:
                sites.area: { values: ["(1,2)", "(3,4)"] }
                sites.legacy_code: { useDefault: true }
            """, "/x/harness.yaml");

        await new TenantSeeder(sample.Model, catalog, new SeedOptions { Tenants = 3, Rules = SeedRules.From(manifest.Seed) })
            .SeedAsync(sample.ConnectionString, cancellationToken: Token);

        (await sample.CountAsync("SELECT count(*) FROM sites WHERE area ~= point '(1,2)' OR area ~= point '(3,4)'", Token)).Should().Be(15);
        (await sample.CountAsync("SELECT count(*) FROM sites WHERE legacy_code = 'L-0'", Token)).Should().Be(15);
    }

    [Fact]
    public async Task A_rule_value_the_column_cannot_hold_is_refused_before_loading()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "badrule", cancellationToken: Token);
        var rules = new Dictionary<string, ColumnRule> { ["contractor_documents.size_bytes"] = ColumnRule.OneOf("lots") };

        var act = () => new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = 2, Rules = rules })
            .SeedAsync(sample.ConnectionString, cancellationToken: Token);

        (await act.Should().ThrowAsync<SeedException>()).Which.Message.Should()
            .Be("rule for contractor_documents.size_bytes: value 'lots' is not a valid integer (invalid input syntax for type integer: \"lots\")");
        (await sample.CountAsync("SELECT count(*) FROM companies", Token)).Should().Be(0);
    }

    [Fact]
    public async Task A_computed_rule_sees_its_tenant_and_row()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "computed", cancellationToken: Token);
        var rules = new Dictionary<string, ColumnRule>
        {
            ["sites.address"] = ColumnRule.From(ctx => $"{ctx.TenantIndex}/{ctx.RowIndex} {ctx.Table}.{ctx.Column}"),
        };

        await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = 2, RowsPerTable = 2, Rules = rules })
            .SeedAsync(sample.ConnectionString, cancellationToken: Token);

        (await sample.CountAsync("SELECT count(*) FROM sites WHERE address IN ('0/0 sites.address', '0/1 sites.address', '1/0 sites.address', '1/1 sites.address')", Token))
            .Should().Be(4);
    }

    [Fact]
    public void Manifest_rule_errors_point_at_the_rule()
    {
        var act = () => ScenarioRegistry.Default.ParseManifest("""
            version: 1
            tenancy: { key: a, root: b, context: { setting: app.a } }
            database: { appRole: r }
            seed:
              rules:
                area: { values: [x] }
            """, "/x/h.yaml");

        act.Should().Throw<ManifestException>().Which.Message.Should().Be("/x/h.yaml:6:5: 'area' is not table.column (names as PostgreSQL stores them, 1 to 63 bytes), e.g. sites.area or Invoice.status");
    }

    private async Task<(Harness.Ledger.SeedLedger Ledger, string Digest)> SeedAndDigestAsync(SeedOptions options)
    {
        var sample = await SampleSchema.CreateAsync(postgres, "split", cancellationToken: Token);
        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, options).SeedAsync(sample.ConnectionString, cancellationToken: Token);
        await using var connection = new NpgsqlConnection(sample.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT * FROM sign_ins) t", connection);
        return (ledger, (string)(await command.ExecuteScalarAsync(Token))!);
    }

    private static async Task ExecuteAsync(SampleSchema sample, string sql)
    {
        await using var connection = new NpgsqlConnection(sample.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static async Task<CatalogSnapshot> ReadCatalogAsync(SampleSchema sample)
    {
        await using var connection = new NpgsqlConnection(sample.ConnectionString);
        await connection.OpenAsync(Token);
        return await CatalogReader.ReadAsync(connection, sample.Schema, "sample_app", Token);
    }
}

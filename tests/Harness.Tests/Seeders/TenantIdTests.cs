using FluentAssertions;
using Harness.Catalog;
using Harness.Seeders;

namespace Harness.Tests.Seeders;

public sealed class TenantIdTests
{
    private static readonly ColumnInfo UuidKey = new("id", 1, "uuid", "uuid", true, false, false, false, [], null);

    [Fact]
    public void Tenant_ids_never_collide_at_any_count_or_between_seeds()
    {
        int[] seeds = [1, -1, 0, int.MaxValue, int.MinValue, 42, -42];
        var all = new HashSet<Guid>();
        foreach (var seed in seeds)
        {
            var source = ValueGenerator.For(UuidKey, unique: true, seed, DateTimeOffset.UnixEpoch);
            for (var index = 0; index < 200_000; index++)
            {
                all.Add((Guid)source(new Random(TenantSeeder.TenantStream(seed, index)), index + 1, "")!).Should().BeTrue();
            }
        }

        all.Should().HaveCount(seeds.Length * 200_000);
    }

    [Fact]
    public void The_same_seed_gives_the_same_ids_and_they_look_like_version_4_uuids()
    {
        var first = ValueGenerator.For(UuidKey, unique: true, 7, DateTimeOffset.UnixEpoch);
        var again = ValueGenerator.For(UuidKey, unique: true, 7, DateTimeOffset.UnixEpoch);

        var id = (Guid)first(new Random(1), 123, "")!;
        id.Should().Be((Guid)again(new Random(2), 123, "")!);
        id.ToString()[14].Should().Be('4');
        id.ToString()[19].Should().BeOneOf('8', '9', 'a', 'b');
    }

    [Fact]
    public void Row_n_of_one_table_never_shares_its_id_with_row_n_of_another()
    {
        // A tenant's id appearing as another table's row id would look like that tenant's data in every leak oracle.
        var tenants = ValueGenerator.For(UuidKey, unique: true, 7, DateTimeOffset.UnixEpoch, "companies");
        var sites = ValueGenerator.For(UuidKey, unique: true, 7, DateTimeOffset.UnixEpoch, "sites");
        var roots = Enumerable.Range(1, 10_000).Select(n => (Guid)tenants(new Random(n), n, "")!).ToHashSet();

        Enumerable.Range(1, 10_000).Count(n => roots.Contains((Guid)sites(new Random(n), n, "")!)).Should().Be(0);
    }

    [Fact]
    public void Tenant_streams_differ_for_opposite_seeds()
    {
        Enumerable.Range(0, 1000).Count(i => TenantSeeder.TenantStream(5, i) == TenantSeeder.TenantStream(-5, i)).Should().Be(0);
    }
}

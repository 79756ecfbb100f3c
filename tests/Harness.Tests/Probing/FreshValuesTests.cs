using System.Text.Json.Nodes;
using FluentAssertions;
using Harness.Catalog;
using Harness.Model;
using Harness.Probing;

namespace Harness.Tests.Probing;

public sealed class FreshValuesTests
{
    private static readonly TableInfo Orders = new(
        new TableName("Orders"), "owner", RlsEnabled: true, RlsForced: true,
        [
            Column("id", "uuid"),
            Column("companyId", "uuid"),
            Column("number", "int4"),
            Column("code", "varchar", maxLength: 6),
            Column("title", "text"),
            Column("serial", "int8", identity: true),
            Column("search", "text", generated: true),
        ],
        PrimaryKey: ["id"],
        ForeignKeys: [],
        Indexes:
        [
            new IndexInfo("orders_number_key", ["companyId", "number"], IsUnique: true, IsPrimary: false),
            new IndexInfo("orders_code_key", ["code"], IsUnique: true, IsPrimary: false),
            new IndexInfo("orders_serial_key", ["serial"], IsUnique: true, IsPrimary: false),
            new IndexInfo("orders_search_key", ["search"], IsUnique: true, IsPrimary: false),
            new IndexInfo("orders_title_idx", ["title"], IsUnique: false, IsPrimary: false),
        ],
        Policies: []);

    [Fact]
    public void Key_and_unique_columns_get_fresh_values_but_not_the_tenant_column_nor_the_ones_the_database_fills()
    {
        FreshValues.ColumnsOf(Orders, "companyId").Select(c => c.Name).Should().Equal("id", "number", "code");
    }

    [Fact]
    public void The_same_seed_gives_the_same_values()
    {
        var columns = FreshValues.ColumnsOf(Orders, "companyId");
        var row = Row();

        var first = new FreshValues(42, "test-probe").Copy(row, columns).ToJsonString();

        new FreshValues(42, "test-probe").Copy(row, columns).ToJsonString().Should().Be(first);
        new FreshValues(7, "test-probe").Copy(row, columns).ToJsonString().Should().NotBe(first, "another seed gives other ids");
    }

    [Fact]
    public void A_copy_changes_only_the_fresh_columns_and_leaves_the_row_as_it_was()
    {
        var row = Row();
        var before = row.ToJsonString();

        var copy = new FreshValues(1, "test-probe").Copy(row, FreshValues.ColumnsOf(Orders, "companyId"));

        row.ToJsonString().Should().Be(before);
        copy["id"]!.GetValue<string>().Should().NotBe("00000000-0000-4000-8000-000000000001").And.MatchRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
        copy["number"]!.GetValue<long>().Should().BeGreaterThan(2_000_000_000L);
        copy["code"]!.GetValue<string>().Should().HaveLength(6, "a fresh text keeps within the column's length");
        foreach (var kept in new[] { "companyId", "title", "serial", "search" })
        {
            copy[kept]!.ToJsonString().Should().Be(row[kept]!.ToJsonString());
        }
    }

    [Fact]
    public void Fresh_text_names_who_made_it_and_never_repeats()
    {
        var fresh = new FreshValues(1, "test-probe");
        var title = Column("title", "text");

        var values = Enumerable.Range(0, 100).Select(_ => fresh.For(title)!.GetValue<string>()).ToList();

        values.Should().OnlyHaveUniqueItems().And.AllSatisfy(v => v.Should().StartWith("test-probe-"));
    }

    [Fact]
    public void A_type_it_cannot_make_fresh_has_no_value()
    {
        new FreshValues(1, "test-probe").For(Column("at", "timestamptz")).Should().BeNull();
    }

    private static JsonObject Row() => new()
    {
        ["id"] = "00000000-0000-4000-8000-000000000001",
        ["companyId"] = "00000000-0000-4000-8000-0000000000aa",
        ["number"] = 7,
        ["code"] = "A-7",
        ["title"] = "first order",
        ["serial"] = 1,
        ["search"] = "first order",
    };

    private static ColumnInfo Column(string name, string type, int? maxLength = null, bool identity = false, bool generated = false) =>
        new(name, 0, type, type, NotNull: true, HasDefault: identity, identity, generated, [], maxLength);
}

using FluentAssertions;
using Harness.Migrations;

namespace Harness.Tests.Migrations;

public sealed class MigrationStepSelectorTests
{
    private static readonly IReadOnlyList<MigrationStep> Folder =
    [
        new("001_init.sql", "/m/001_init.sql"),
        new("002_sites.sql", "/m/002_sites.sql"),
        new("005_site_reference_numbers.sql", "/m/005_site_reference_numbers.sql"),
        new("006_archive.sql", "/m/006_archive.sql"),
    ];

    private static readonly IReadOnlyList<MigrationStep> Prisma =
    [
        new("20250101000000_init/migration.sql", "/p/20250101000000_init/migration.sql"),
        new("20250114093012_add_sites/migration.sql", "/p/20250114093012_add_sites/migration.sql"),
        new("20250114100000_add_notes/migration.sql", "/p/20250114100000_add_notes/migration.sql"),
    ];

    private static readonly IReadOnlyList<MigrationStep> Flyway = [new("1", null), new("1.1", null), new("2", null), new("10", null)];

    [Theory]
    [InlineData("005_site_reference_numbers.sql", 2)]
    [InlineData("005", 2)]
    [InlineData("002_s", 1)]
    [InlineData("4", 3)]
    [InlineData(" 001_init.sql ", 0)]
    public void A_folders_step_is_found_by_version_prefix_or_position(string from, int index) =>
        MigrationStepSelector.Find(Folder, from).Should().BeSameAs(Folder[index]);

    [Fact]
    public void A_prisma_step_is_found_by_its_timestamp_and_the_file_name_they_all_share_names_none() =>
        MigrationStepSelector.Find(Prisma, "20250114093012").Should().BeSameAs(Prisma[1]);

    [Fact]
    public void An_exact_version_wins_over_a_prefix_of_others_and_over_a_position()
    {
        MigrationStepSelector.Find(Flyway, "1").Should().BeSameAs(Flyway[0], "'1' is a version even though it begins 1.1 and 10");
        MigrationStepSelector.Find(Flyway, "2").Should().BeSameAs(Flyway[2], "'2' is a version before it is a position");
        MigrationStepSelector.Find(Flyway, "1.").Should().BeSameAs(Flyway[1]);
    }

    [Fact]
    public void An_ambiguous_prefix_lists_what_it_fits()
    {
        var act = () => MigrationStepSelector.Find(Prisma, "202501");

        act.Should().Throw<MigrationException>().Which.Message.Should()
            .Contain("fits 3 versions").And.Contain("20250114093012_add_sites/migration.sql").And.Contain("write more of the version");
    }

    [Fact]
    public void A_name_several_steps_share_is_ambiguous()
    {
        var act = () => MigrationStepSelector.Find(Prisma, "migration.sql");

        act.Should().Throw<MigrationException>().Which.Message.Should().Contain("fits 3 versions");
    }

    [Fact]
    public void An_unknown_value_lists_the_versions_with_their_positions_and_the_closest()
    {
        var act = () => MigrationStepSelector.Find(Folder, "005_site_reference_number.sql_");

        act.Should().Throw<MigrationException>().Which.Message.Should()
            .Contain("'005_site_reference_number.sql_' is not a migration version")
            .And.Contain("did you mean '005_site_reference_numbers.sql'?")
            .And.Contain("1. 001_init.sql, 2. 002_sites.sql, 3. 005_site_reference_numbers.sql, 4. 006_archive.sql");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("9")]
    [InlineData("zzz")]
    public void A_position_out_of_range_or_a_stranger_is_refused(string from)
    {
        var act = () => MigrationStepSelector.Find(Folder, from);

        act.Should().Throw<MigrationException>().Which.Message.Should().Contain("the versions are: 1. 001_init.sql").And.NotContain("did you mean");
    }

    [Fact]
    public void No_steps_at_all_is_refused_with_what_to_check()
    {
        var act = () => MigrationStepSelector.Find([], "001");

        act.Should().Throw<MigrationException>().Which.Message.Should().Contain("no migration versions");
    }
}

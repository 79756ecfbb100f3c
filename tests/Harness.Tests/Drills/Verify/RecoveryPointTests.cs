using FluentAssertions;
using Harness.Drills.Verify;
using Harness.Errors;
using Harness.Snapshots;

namespace Harness.Tests.Drills.Verify;

/// <summary><c>--at</c>: an LSN or a time, and a snapshot later than it cannot be a restore's expected state.</summary>
public sealed class RecoveryPointTests
{
    private static readonly DatabaseSnapshot Snapshot = new()
    {
        Schema = "app",
        TakenAt = new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero),
        Lsn = "0/3000060",
        Security = new SecurityCatalog(),
    };

    [Theory]
    [InlineData("0/3000060", 0x3000060UL)]
    [InlineData("1/0", 0x100000000UL)]
    [InlineData("A/FF", 0xA000000FFUL)]
    public void An_lsn_is_read_as_its_byte_position(string text, ulong position) =>
        RecoveryPoint.Parse(text).Lsn.Should().Be(position);

    [Fact]
    public void A_time_without_an_offset_is_utc() =>
        RecoveryPoint.Parse("2026-11-30 14:05:00").Time.Should().Be(new DateTimeOffset(2026, 11, 30, 14, 5, 0, TimeSpan.Zero));

    [Fact]
    public void Text_that_is_neither_is_a_usage_error_naming_both_forms() =>
        FluentActions.Invoking(() => RecoveryPoint.Parse("yesterday")).Should().Throw<UsageException>()
            .Where(e => e.Option == "--at" && e.Message.Contains("0/3000060") && e.Message.Contains("2026-11-30T14:05:00Z"));

    [Theory]
    [InlineData("0/3000060")]
    [InlineData("0/4000000")]
    [InlineData("2026-11-30T14:00:00Z")]
    [InlineData("2026-11-30T15:00:00+01:00")]
    public void A_snapshot_at_or_before_the_target_is_accepted(string at) =>
        FluentActions.Invoking(() => RecoveryPoint.Parse(at).EnsureNotBefore(Snapshot)).Should().NotThrow();

    [Theory]
    [InlineData("0/300005F")]
    [InlineData("2026-11-30T13:59:59Z")]
    public void A_snapshot_after_the_target_is_refused(string at) =>
        FluentActions.Invoking(() => RecoveryPoint.Parse(at).EnsureNotBefore(Snapshot)).Should().Throw<UsageException>()
            .WithMessage("*after the restore's target*cannot be the expected state*");

    [Fact]
    public void An_lsn_target_with_a_snapshot_without_lsn_asks_for_a_time() =>
        FluentActions.Invoking(() => RecoveryPoint.Parse("0/1").EnsureNotBefore(Snapshot with { Lsn = null })).Should().Throw<UsageException>()
            .WithMessage("*give --at as a time*");
}

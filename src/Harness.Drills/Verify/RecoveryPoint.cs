using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Errors;
using Harness.Snapshots;

namespace Harness.Drills.Verify;

/// <summary>
/// The point a restore was meant to stop at (<c>--at</c>): a WAL position (<c>0/3000060</c>) or a time (ISO 8601; without an
/// offset, UTC). A snapshot taken after that point cannot be the expected state of such a restore.
/// </summary>
public sealed partial record RecoveryPoint
{
    private RecoveryPoint(string text, ulong? lsn, DateTimeOffset? time)
    {
        Text = text;
        Lsn = lsn;
        Time = time;
    }

    /// <summary>The point as given.</summary>
    public string Text { get; }

    /// <summary>The WAL position as a number, when the point is an LSN.</summary>
    public ulong? Lsn { get; }

    /// <summary>The time, when the point is a time.</summary>
    public DateTimeOffset? Time { get; }

    /// <summary>Parses <paramref name="text"/> as an LSN (<c>X/X</c> in hex) or a time.</summary>
    /// <exception cref="UsageException">It is neither.</exception>
    public static RecoveryPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (ParseLsn(trimmed) is { } lsn)
        {
            return new RecoveryPoint(trimmed, lsn, null);
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return new RecoveryPoint(trimmed, null, time);
        }

        throw new UsageException(
            $"--at '{text}' is neither a WAL position (like 0/3000060, as pg_current_wal_lsn() prints it) nor a time (like 2026-11-30T14:05:00Z)")
        {
            Option = "--at",
        };
    }

    /// <summary>The LSN text <c>X/X</c> as a number, or null when it is not one.</summary>
    public static ulong? ParseLsn(string? text)
    {
        if (text is null || !LsnPattern().IsMatch(text))
        {
            return null;
        }

        var parts = text.Split('/');
        return (ulong.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 32)
            | ulong.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>Throws when <paramref name="snapshot"/> was taken after this point, or when they cannot be compared.</summary>
    /// <exception cref="UsageException">The snapshot is later than the target, or it has no LSN to compare an LSN target with.</exception>
    public void EnsureNotBefore(DatabaseSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Lsn is { } target)
        {
            var taken = ParseLsn(snapshot.Lsn) ?? throw new UsageException(
                $"--at {Text} is a WAL position but the snapshot has none (it was taken on a standby): give --at as a time, or take the snapshot on the primary")
            {
                Option = "--at",
            };
            if (taken > target)
            {
                throw Later($"WAL position {snapshot.Lsn}");
            }
        }
        else if (Time is { } time && snapshot.TakenAt > time)
        {
            throw Later(snapshot.TakenAt.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture));
        }
    }

    private UsageException Later(string taken) => new(
        $"the snapshot was taken at {taken}, after the restore's target --at {Text}: it holds commits the restore must not have, so it "
        + "cannot be the expected state. Compare with a snapshot taken at or before the target (harness snapshot on the primary before "
        + "the target, or on a copy restored to it).")
    {
        Option = "--at",
    };

    [GeneratedRegex("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")]
    private static partial Regex LsnPattern();
}

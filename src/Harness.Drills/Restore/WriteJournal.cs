namespace Harness.Drills.Restore;

/// <summary>What a journaled write did: an update of one row's column to a marker, or a new row carrying a marker.</summary>
internal enum JournalWriteKind
{
    Update,
    Insert,
}

/// <summary>
/// One committed write of the drill: which tenant's row of which table (its primary key values as text) got which marker in
/// which column, and where the WAL and the clock stood right after its commit.
/// </summary>
/// <param name="Sequence">The commit's place in the drill (1 first).</param>
/// <param name="Lsn">The WAL insert position read right after the commit.</param>
/// <param name="CommittedBy">The server's clock read right after the commit (the commit record's own time is just before it).</param>
internal sealed record JournalEntry(
    int Sequence,
    string Tenant,
    string Table,
    JournalWriteKind Kind,
    IReadOnlyList<string> KeyColumns,
    IReadOnlyList<string> KeyTypes,
    IReadOnlyList<string> Key,
    string Column,
    string Marker,
    string Lsn,
    DateTimeOffset CommittedBy);

/// <summary>Every journaled write in commit order, and the recovery target chosen between two of them.</summary>
internal sealed class WriteJournal
{
    private readonly List<JournalEntry> entries = [];

    public IReadOnlyList<JournalEntry> Entries => entries;

    /// <summary>The last commit the restore must include; every later one must be absent.</summary>
    public int TargetSequence { get; set; }

    public void Add(JournalEntry entry) => entries.Add(entry);
}

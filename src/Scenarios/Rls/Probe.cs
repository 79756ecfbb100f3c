using Harness.Findings;
using Harness.Ledger;
using Harness.Model;

namespace Harness.Scenarios.Rls;

/// <summary>What a probe's outcome must be for it to pass.</summary>
internal enum Expectation
{
    /// <summary>A SELECT of every visible row under the attacker's own context: exactly the attacker's seeded rows.</summary>
    ExactlyOwnRows,

    /// <summary>A SELECT that must see nothing (another tenant's keys, or no valid context).</summary>
    NoRows,

    /// <summary>A SELECT of every visible row with a bypass setting on: none but the attacker's rows.</summary>
    OnlyAttackerRows,

    /// <summary>A write that must touch no row: zero rows affected, or refused (an RLS error or any error before RLS admitted the row).</summary>
    Denied,

    /// <summary>A write of the tenant's own row: one or more rows, or a constraint error raised after RLS admitted the row.</summary>
    Allowed,

    /// <summary>A function call whose result must carry no other tenant's canary or tenant id.</summary>
    NoForeignData,
}

/// <summary>
/// One probe: a statement run as the app role in a transaction that is always rolled back, after the tenant context's
/// steps (<see cref="Setup"/>) and any other setting (<c>set_config(name, value, true)</c>).
/// </summary>
internal sealed record Probe
{
    /// <summary>The check (group) the probe belongs to, e.g. <c>sites UPDATE other-tenant</c>.</summary>
    public required string Subject { get; init; }

    public required Rule Rule { get; init; }

    public required Expectation Expect { get; init; }

    public required TenantContext Context { get; init; }

    /// <summary>The object probed: a table or a function signature.</summary>
    public required string Target { get; init; }

    /// <summary>What the statement does, for messages, e.g. <c>UPDATE of tenant 2's sites rows by primary key</c>.</summary>
    public required string What { get; init; }

    /// <summary>Whose context the probe runs in, when it is a tenant's.</summary>
    public SeededTenant? Attacker { get; init; }

    /// <summary>Whose rows the probe targets or writes, when one tenant's.</summary>
    public SeededTenant? Victim { get; init; }

    /// <summary>The tenant context's statements (tenancy.context rendered for the attacker), run first; empty for no context.</summary>
    public IReadOnlyList<ContextStatement> Setup { get; init; } = [];

    /// <summary>
    /// Who the probe acts as, for messages, when the context is more than the bare id in one setting, e.g.
    /// <c>as user '…', a member of tenant 0 …</c>; null for a plain setting (messages name the setting and its value).
    /// </summary>
    public string? Who { get; init; }

    /// <summary>Settings set after the context (a bypass switch under test).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    public required string Sql { get; init; }

    /// <summary>Positional parameters: <see cref="string"/> or <see cref="string"/>[]; the statement casts them.</summary>
    public IReadOnlyList<object> Parameters { get; init; } = [];

    public bool ReturnsRows { get; init; }

    /// <summary>For <see cref="Expectation.ExactlyOwnRows"/>: how many seeded rows of the attacker must be visible.</summary>
    public int OwnRows { get; init; }

    /// <summary>For <see cref="Expectation.ExactlyOwnRows"/>: the group that other tenants' rows are reported in.</summary>
    public string? LeakSubject { get; init; }

    /// <summary>A note for the evidence, e.g. which setting a bypass probe turned on.</summary>
    public string? Note { get; init; }

    /// <summary>For an admitted write: what happened, with <c>{rows}</c> and <c>{victim}</c> to fill in, e.g. <c>inserted {rows} into {victim}</c>.</summary>
    public string Effect { get; init; } = "changed {rows} of {victim}";

    /// <summary>For a bypass probe: the same SELECT without the setting; only rows the setting adds are a finding.</summary>
    public Probe? Baseline { get; init; }
}

/// <summary>What a probe observed.</summary>
/// <param name="RowsAffected">Rows changed by a write (-1 for a SELECT).</param>
/// <param name="Rows">Rows returned by a SELECT or a function.</param>
/// <param name="SqlState">The error's SQLSTATE, when the statement failed.</param>
/// <param name="ContextSeen">For probes without tenant context: the setting's value as the session saw it (null: not set).</param>
/// <param name="FailedStep">The tenant context's step that failed (the error is the context's, not the statement's), or null.</param>
internal sealed record ProbeOutcome(
    long RowsAffected, IReadOnlyList<ProbeRow> Rows, string? SqlState, string? Error, string? ContextSeen = null, ContextStatement? FailedStep = null)
{
    public bool Failed => SqlState is not null;

    /// <summary>
    /// The statement failed on an integrity constraint (SQLSTATE class 23). PostgreSQL checks RLS WITH CHECK before
    /// constraints, unique indexes and foreign keys, so such an error means row-level security admitted the row.
    /// </summary>
    public bool FailedAfterRls => SqlState is { } state && state.StartsWith("23", StringComparison.Ordinal);

    /// <summary>Row-level security let the write through: rows changed, or only a constraint stopped it.</summary>
    public bool Admitted => Failed ? FailedAfterRls : RowsAffected > 0;
}

/// <summary>One returned row: its tenant column as text (null for a function's row), whether it is one of the keys asked for, and the row as JSON.</summary>
internal sealed record ProbeRow(string? Tenant, bool Keyed, string Json);

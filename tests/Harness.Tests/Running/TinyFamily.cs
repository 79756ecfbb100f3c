using System.Globalization;
using Harness.Findings;
using Harness.Manifest;
using Harness.Sql;
using Harness.Running;
using Npgsql;

namespace Harness.Tests.Running;

/// <summary>Options of <see cref="TinyFamily"/>, read from the manifest's <c>tiny</c> section.</summary>
public sealed record TinyOptions
{
    /// <summary>The fewest rows every seeded tenant must have in every tenant table (default 1).</summary>
    public int MinRows { get; init; } = 1;
}

/// <summary>
/// A database-only family registered from outside the harness's assemblies, the way a team adds its own: every seeded
/// tenant must have at least <see cref="TinyOptions.MinRows"/> rows in each tenant table. Counted in the database, so
/// a finding is evidence (the tenant, table and count), not a guess.
/// </summary>
public sealed class TinyFamily : ScenarioFamily<TinyOptions>
{
    public static readonly Rule TooFewRows = new("TINY001", "Seeded tenant has too few rows", Severity.Medium, "Seed more rows per table.");

    public override string Id => "tiny";

    public override IReadOnlyList<Rule> Rules => [TooFewRows];

    public override ScenarioNeeds Needs => ScenarioNeeds.SeedLedger;

    public override TinyOptions ReadOptions(ManifestSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var tiny = section.Read("minRows");
        return new TinyOptions { MinRows = tiny?.Int("minRows", 0, 1_000_000) ?? new TinyOptions().MinRows };
    }

    protected override async Task<ScenarioResult> RunAsync(ScenarioContext context, TinyOptions options, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var ledger = context.Ledger ?? throw new InvalidOperationException("the tiny family needs the seed ledger");
        await using var connection = new NpgsqlConnection(context.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        var checks = new List<CheckResult>();
        foreach (var table in context.Model.TenantTables)
        {
            var counts = await CountAsync(connection, table.Quoted, SqlIdentifier.Quote(context.Model.TenantColumnOf(table)), cancellationToken);
            var findings = ledger.Tenants
                .Select(t => (Tenant: t, Rows: counts.GetValueOrDefault(t.TenantId)))
                .Where(t => t.Rows < options.MinRows)
                .Select(t => new Finding(TooFewRows, Id, table.Value, string.Create(CultureInfo.InvariantCulture,
                    $"tenant {t.Tenant.Index} has {t.Rows} rows in {table}, fewer than {options.MinRows}"),
                    $"SELECT count(*) FROM {table.Quoted} WHERE tenant = '{t.Tenant.TenantId}' -> {t.Rows}"))
                .ToList();
            checks.Add(new CheckResult(TooFewRows, table.Value, findings, ledger.Tenants.Count));
        }

        return new ScenarioResult(Id, checks, DateTime.UtcNow - started);
    }

    private static async Task<Dictionary<string, long>> CountAsync(
        NpgsqlConnection connection, string quotedTable, string quotedKey, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {quotedKey}::text, count(*) FROM {quotedTable} GROUP BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}

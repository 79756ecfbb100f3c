using System.Globalization;
using Harness.Catalog;
using Harness.Model;

namespace Harness.Seeders;

/// <summary>Makes one row's values for a table and a tenant, from that tenant's own randomizer only.</summary>
internal sealed class RowGenerator(
    TenancyModel model,
    GlobalRows globals,
    IReadOnlyDictionary<ColumnPlan.Ruled, RuleValues.Resolved> ruleValues,
    string runTag,
    int[] usersPerTenant,
    int[] rowsPerTenant)
{
    /// <summary>Tables outside the tenant set and the tenant table whose row count they follow (one parent per row).</summary>
    public IReadOnlyDictionary<TableName, TableName> ParentCounts { get; init; } = new Dictionary<TableName, TableName>();

    /// <summary>The share of rows seeded soft-deleted (<see cref="SeedOptions.SoftDeleted"/>).</summary>
    public double SoftDeleted { get; init; }

    public DateTimeOffset Epoch { get; init; }

    /// <summary>The parent rows picked for the row being filled, one map per loading thread reused row after row.</summary>
    [ThreadStatic]
    private static Dictionary<string, IReadOnlyDictionary<string, object?>?>? rowParents;

    /// <summary>Keeps integer keys unique across tenants: tenant i's rows are numbered from i * stride.</summary>
    private readonly long stride = Math.Max(usersPerTenant.Max(), rowsPerTenant.Max()) + 1;

    public int RowCount(TableName table, int tenant) =>
        ParentCounts.TryGetValue(table, out var owner) ? RowCount(owner, tenant)
        : table == model.Root ? 1 : table == model.Membership ? usersPerTenant[tenant] : rowsPerTenant[tenant];

    public void Fill(TablePlan plan, TenantRows tenant, int rowIndex, object?[] values)
    {
        var parents = rowParents ??= new Dictionary<string, IReadOnlyDictionary<string, object?>?>(StringComparer.Ordinal);
        parents.Clear();
        var rowNumber = (tenant.Index * stride) + rowIndex + 1;
        var deleted = plan.SoftDeleteIndexes.Length > 0 && plan.Name != model.Root && plan.Name != model.Membership
            && SoftDeleteColumns.IsDeleted(rowIndex, RowCount(plan.Name, tenant.Index), SoftDeleted);
        for (var c = 0; c < values.Length; c++)
        {
            var column = plan.Written[c];
            values[c] = column switch
            {
                ColumnPlan.TenantId => tenant.Id ??= plan.Sources[c]!(tenant.Random, tenant.Index + 1, ""),
                ColumnPlan.FromParent p => Parent(p.ForeignKey, plan.OwnerForeignKeys.Contains(p.ForeignKey.Name) ? rowIndex : null, tenant, parents)
                    ?.GetValueOrDefault(p.ParentColumn),
                ColumnPlan.Generated g => Generate(g, plan.Sources[c]!, tenant, rowNumber),
                ColumnPlan.Ruled r => Rule(plan, r, tenant, rowIndex),
                ColumnPlan.SoftDelete d => SoftDeleteColumns.Value(d.Column, deleted, tenant.Random, Epoch),
                _ => null,
            };
        }

        if (plan.Kept.Length > 0)
        {
            var kept = new Dictionary<string, object?>(plan.Kept.Length);
            foreach (var (name, index) in plan.Kept)
            {
                kept[name] = values[index];
            }

            tenant.Keep(plan.Name, kept);
        }

        tenant.RecordKey(plan.Name, [.. plan.KeyIndexes.Select(i => i < 0 ? "" : TenantRows.Text(values[i]))], deleted);
        if (plan.Name == model.Root)
        {
            tenant.Name ??= values.OfType<string>().FirstOrDefault();
        }
    }

    private IReadOnlyDictionary<string, object?>? Parent(
        ForeignKeyInfo fk, int? ownRow, TenantRows tenant, Dictionary<string, IReadOnlyDictionary<string, object?>?> picked)
    {
        if (!picked.TryGetValue(fk.Name, out var parent))
        {
            var own = tenant.RowsOf(fk.ReferencedTable);
            parent = own is { Count: > 0 } && ownRow is { } row ? own[row % own.Count]
                : own is { Count: > 0 } ? own[tenant.Random.Next(own.Count)]
                : globals.RowsOf(fk.ReferencedTable) is { Count: > 0 } shared ? shared[tenant.Random.Next(shared.Count)]
                : null;
            picked[fk.Name] = parent;
        }

        return parent;
    }

    private object? Generate(ColumnPlan.Generated plan, ValueGenerator.Source source, TenantRows tenant, long rowNumber)
    {
        var suffix = plan.Unique ? string.Create(CultureInfo.InvariantCulture, $"{tenant.Index}-{rowNumber}") : "";
        var value = source(tenant.Random, rowNumber, suffix);
        return plan.Canary && value is string text ? Fit($"{text} {tenant.NextCanary(runTag)}", plan.Column.MaxLength) : value;
    }

    private object? Rule(TablePlan table, ColumnPlan.Ruled plan, TenantRows tenant, int rowIndex) => plan.Rule switch
    {
        ColumnRule.OneOfRule => ruleValues[plan].Pick(tenant.Random),
        ColumnRule.ComputedRule computed => computed.Compute(
            new ColumnRuleContext(table.Name.Value, plan.Column.Name, tenant.Index, tenant.Id, rowIndex, tenant.Random)),
        _ => null,
    };

    /// <summary>Keeps the canary whole when a length limit applies: the generated text is cut, never the token.</summary>
    private static string Fit(string value, int? maxLength)
    {
        if (maxLength is not { } max || value.Length <= max)
        {
            return value;
        }

        var token = value[(value.LastIndexOf(' ') + 1)..];
        return string.Concat(value.AsSpan(0, Math.Max(0, max - token.Length - 1)), " ", token);
    }
}

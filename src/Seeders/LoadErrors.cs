using Harness.Catalog;
using Npgsql;

namespace Harness.Seeders;

/// <summary>
/// Turns a constraint violation while loading into a <see cref="SeedException"/> that names the table, the
/// constraint with its definition and the rule to write, instead of a bare SQLSTATE.
/// </summary>
internal static class LoadErrors
{
    public static SeedException Explain(PostgresException error, TableInfo table)
    {
        var constraint = error.ConstraintName ?? "";
        var check = table.Checks.Concat(table.DomainChecks).FirstOrDefault(c => c.Name == constraint);
        var column = error.ColumnName
            ?? (check?.Columns is [var checkedColumn, ..] ? checkedColumn : null)
            ?? table.ForeignKeys.FirstOrDefault(f => f.Name == constraint)?.Columns[0];
        var rule = column is null
            ? $"seed: rules: {{ {table.Name}.<column>: {{ values: [...] }} }}"
            : $"seed: rules: {{ {table.Name}.{column}: {{ values: [...] }} }}";
        var message = error.SqlState switch
        {
            // A partitioned table whose partitions do not cover a seeded row raises a check violation without a constraint.
            PostgresErrorCodes.CheckViolation when constraint.Length == 0 && error.MessageText.StartsWith("no partition of relation", StringComparison.Ordinal) =>
                $"cannot seed {table.DisplayName}: no partition of it accepts a seeded row ({error.MessageText}); give the table a DEFAULT "
                + $"partition, or a rule whose values fall inside its partitions' bounds for the partition key: {rule}",
            PostgresErrorCodes.CheckViolation =>
                $"cannot seed {table.DisplayName}: the seeder's values break check {constraint}" +
                $"{(check is null ? "" : $" ({check.Definition})")}, " +
                $"which it cannot read; add a rule in harness.yaml with values that pass it: {rule}",
            PostgresErrorCodes.ForeignKeyViolation when table.ForeignKeys.FirstOrDefault(f => f.Name == constraint) is { } fk =>
                $"cannot seed {table.DisplayName}.{string.Join(", ", fk.Columns)} → {(fk.ReferencedSchema is { } s ? s + "." : "")}{fk.ReferencedTable}" +
                $"({string.Join(", ", fk.ReferencedColumns)}) (foreign key {constraint}): the parent row does not exist; " +
                $"give the column existing ids with a rule ({rule}) or declare {fk.ReferencedTable} global (tenancy: global)",
            PostgresErrorCodes.NotNullViolation =>
                $"cannot seed {table.DisplayName}.{column}: it is NOT NULL and the seeder had no value for it; add a rule in harness.yaml: {rule}",
            _ => $"cannot seed {table.DisplayName}: {error.MessageText}{(constraint.Length > 0 ? $" (constraint {constraint})" : "")}; " +
                 $"add a rule in harness.yaml for the column at fault: {rule}",
        };
        return new SeedException(message, error) { Table = table.DisplayName, Column = column };
    }

    public static bool IsConstraintViolation(PostgresException error) =>
        error.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ForeignKeyViolation
            or PostgresErrorCodes.NotNullViolation or PostgresErrorCodes.UniqueViolation;
}

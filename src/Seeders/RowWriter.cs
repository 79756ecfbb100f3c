using System.Text;
using Harness.Catalog;
using Npgsql;

namespace Harness.Seeders;

/// <summary>Inserts generated rows with multi-row parameterised INSERTs, each value cast to its column's declared type.</summary>
internal static class RowWriter
{
    private const int MaxParameters = 30_000;

    public static async Task InsertAsync(
        NpgsqlConnection connection, TableInfo table, IReadOnlyList<ColumnInfo> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var rowsPerStatement = Math.Max(1, MaxParameters / Math.Max(1, columns.Count));
        for (var offset = 0; offset < rows.Count; offset += rowsPerStatement)
        {
            var chunk = rows.Skip(offset).Take(rowsPerStatement).ToList();
            await using var command = new NpgsqlCommand(Sql(table, columns, chunk.Count), connection);
            foreach (var row in chunk)
            {
                foreach (var value in row)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Sql(TableInfo table, IReadOnlyList<ColumnInfo> columns, int rowCount)
    {
        var sql = new StringBuilder()
            .Append("INSERT INTO ").Append(table.Name.Quoted)
            .Append(" (").AppendJoin(", ", columns.Select(c => Quote(c.Name))).Append(") OVERRIDING SYSTEM VALUE VALUES ");
        var parameter = 1;
        for (var row = 0; row < rowCount; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Count; column++)
            {
                sql.Append(column == 0 ? "" : ", ").Append('$').Append(parameter++).Append("::").Append(columns[column].DataType);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

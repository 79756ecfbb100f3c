using Harness.Catalog;
using NpgsqlTypes;

namespace Harness.Seeders;

/// <summary>
/// The wire type each generated value is written with in binary COPY. Enums, varchar, char and name take their
/// text form (their binary input is the text bytes); domains use their base type. Null means "let Npgsql infer".
/// </summary>
internal static class BinaryColumnTypes
{
    public static NpgsqlDbType? For(ColumnInfo column) => column.EnumLabels.Count > 0 ? NpgsqlDbType.Text : column.TypeName switch
    {
        "uuid" => NpgsqlDbType.Uuid,
        "text" or "varchar" or "bpchar" or "name" or "citext" => NpgsqlDbType.Text,
        "int2" => NpgsqlDbType.Smallint,
        "int4" => NpgsqlDbType.Integer,
        "int8" => NpgsqlDbType.Bigint,
        "numeric" => NpgsqlDbType.Numeric,
        "float4" => NpgsqlDbType.Real,
        "float8" => NpgsqlDbType.Double,
        "bool" => NpgsqlDbType.Boolean,
        "timestamptz" => NpgsqlDbType.TimestampTz,
        "timestamp" => NpgsqlDbType.Timestamp,
        "date" => NpgsqlDbType.Date,
        "jsonb" => NpgsqlDbType.Jsonb,
        "json" => NpgsqlDbType.Json,
        "bytea" => NpgsqlDbType.Bytea,
        "inet" => NpgsqlDbType.Inet,
        _ => null,
    };
}

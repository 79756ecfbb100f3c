using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Harness.Chaos.Proxy;

/// <summary>Reads a Bind message's parameter values as text: text format as is, binary for the common scalar types.</summary>
internal static class ParameterDecoder
{
    private const int BoolOid = 16;
    private const int Int8Oid = 20;
    private const int Int2Oid = 21;
    private const int Int4Oid = 23;
    private const int UuidOid = 2950;

    /// <summary>Portal, statement and the raw parameter values (null for SQL NULL) with their format codes.</summary>
    public static (string Portal, string Statement, List<(int Offset, int Length, short Format)> Values) ReadBind(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        var portal = PgWire.CString(body, ref offset);
        var statement = PgWire.CString(body, ref offset);
        var formatCount = PgWire.Int16(body, offset);
        offset += 2;
        var formats = new short[formatCount];
        for (var i = 0; i < formatCount; i++, offset += 2)
        {
            formats[i] = PgWire.Int16(body, offset);
        }

        var count = (ushort)PgWire.Int16(body, offset);
        offset += 2;
        var values = new List<(int, int, short)>(count);
        for (var i = 0; i < count; i++)
        {
            var length = PgWire.Int32(body, offset);
            offset += 4;
            var format = formatCount == 0 ? (short)0 : formatCount == 1 ? formats[0] : formats[i];
            values.Add((offset, length, format));
            offset += Math.Max(0, length);
        }

        return (portal, statement, values);
    }

    public static string? Text(ReadOnlySpan<byte> body, (int Offset, int Length, short Format) value, int typeOid)
    {
        if (value.Length < 0)
        {
            return null;
        }

        var bytes = body.Slice(value.Offset, value.Length);
        if (value.Format == 0)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        return (typeOid, bytes.Length) switch
        {
            (Int4Oid, 4) => BinaryPrimitives.ReadInt32BigEndian(bytes).ToString(CultureInfo.InvariantCulture),
            (Int8Oid, 8) => BinaryPrimitives.ReadInt64BigEndian(bytes).ToString(CultureInfo.InvariantCulture),
            (Int2Oid, 2) => BinaryPrimitives.ReadInt16BigEndian(bytes).ToString(CultureInfo.InvariantCulture),
            (BoolOid, 1) => bytes[0] != 0 ? "true" : "false",
            (UuidOid, 16) => new Guid(bytes, bigEndian: true).ToString(),
            _ => Encoding.UTF8.GetString(bytes),
        };
    }
}

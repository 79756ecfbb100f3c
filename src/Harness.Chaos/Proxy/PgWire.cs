using System.Buffers.Binary;
using System.Text;

namespace Harness.Chaos.Proxy;

/// <summary>Reading and writing the PostgreSQL v3 protocol's primitive fields (big-endian integers, NUL-terminated strings).</summary>
internal static class PgWire
{
    public static int Int32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadInt32BigEndian(data[offset..]);

    public static short Int16(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadInt16BigEndian(data[offset..]);

    /// <summary>The NUL-terminated string at <paramref name="offset"/>; <paramref name="offset"/> moves past its NUL.</summary>
    public static string CString(ReadOnlySpan<byte> data, ref int offset)
    {
        var rest = data[offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            end = rest.Length;
        }

        offset += Math.Min(end + 1, rest.Length);
        return Encoding.UTF8.GetString(rest[..end]);
    }

    /// <summary>A typed message: type byte, length (including itself), body.</summary>
    public static byte[] Message(byte type, ReadOnlySpan<byte> body)
    {
        var message = new byte[body.Length + 5];
        message[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), body.Length + 4);
        body.CopyTo(message.AsSpan(5));
        return message;
    }

    public static void AppendCString(List<byte> buffer, string text)
    {
        buffer.AddRange(Encoding.UTF8.GetBytes(text));
        buffer.Add(0);
    }

    public static void AppendInt32(List<byte> buffer, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        buffer.AddRange(bytes.ToArray());
    }
}

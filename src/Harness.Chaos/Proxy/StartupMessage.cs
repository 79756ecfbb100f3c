using System.Buffers.Binary;

namespace Harness.Chaos.Proxy;

/// <summary>
/// The untyped first message of a connection: SSLRequest, GSSENCRequest, CancelRequest or a protocol 3 StartupMessage
/// with its parameters (user, database, application_name, options...), which the proxy may rewrite before forwarding.
/// </summary>
internal sealed class StartupMessage
{
    public const int SslRequestCode = 80877103;
    public const int GssEncRequestCode = 80877104;
    public const int CancelRequestCode = 80877102;

    private StartupMessage(int code, List<KeyValuePair<string, string>> parameters)
    {
        Code = code;
        Parameters = parameters;
    }

    /// <summary>The protocol version (196608 for 3.0) or the request code.</summary>
    public int Code { get; }

    public bool IsProtocol3 => Code >> 16 == 3;

    /// <summary>The parameters in the order the client sent them.</summary>
    public List<KeyValuePair<string, string>> Parameters { get; }

    public string? this[string name] => Parameters.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>Reads a startup-phase message body (everything after the length word).</summary>
    public static StartupMessage Parse(ReadOnlySpan<byte> body)
    {
        var code = PgWire.Int32(body, 0);
        var parameters = new List<KeyValuePair<string, string>>();
        if (code >> 16 == 3)
        {
            var offset = 4;
            while (offset < body.Length && body[offset] != 0)
            {
                var key = PgWire.CString(body, ref offset);
                var value = PgWire.CString(body, ref offset);
                parameters.Add(new(key, value));
            }
        }

        return new StartupMessage(code, parameters);
    }

    public void Remove(string name) => Parameters.RemoveAll(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    public void Set(string name, string value)
    {
        var index = Parameters.FindIndex(p => p.Key == name);
        if (index >= 0)
        {
            Parameters[index] = new(name, value);
        }
        else
        {
            Parameters.Add(new(name, value));
        }
    }

    /// <summary>The message as sent: length, protocol version, parameters, terminating NUL.</summary>
    public byte[] Encode()
    {
        var body = new List<byte>(128);
        PgWire.AppendInt32(body, Code);
        foreach (var (key, value) in Parameters)
        {
            PgWire.AppendCString(body, key);
            PgWire.AppendCString(body, value);
        }

        body.Add(0);
        var message = new byte[body.Count + 4];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        body.CopyTo(message, 4);
        return message;
    }
}

using System.Text;

namespace Harness.Chaos.Proxy;

/// <summary>Builds the backend messages the proxy writes itself: an ErrorResponse and reads the fields of a relayed one.</summary>
internal static class ErrorResponseWriter
{
    /// <summary>The message text of every error the proxy injects.</summary>
    public const string InjectedMessage = "injected by harness chaos";

    /// <summary>SQLSTATEs after which the server has closed the connection: answered with severity FATAL.</summary>
    public static bool IsFatal(string sqlState) => sqlState is "57P01" or "57P02" or "57P03" or "08006" or "08003" or "08000";

    /// <summary>An ErrorResponse ('E') with severity, SQLSTATE and message.</summary>
    public static byte[] Error(string sqlState, bool fatal, string message = InjectedMessage)
    {
        var severity = fatal ? "FATAL" : "ERROR";
        var body = new List<byte>(64);
        Field(body, 'S', severity);
        Field(body, 'V', severity);
        Field(body, 'C', sqlState);
        Field(body, 'M', message);
        body.Add(0);
        return PgWire.Message((byte)'E', body.ToArray());
    }

    /// <summary>The SQLSTATE (C), message (M) and severity (V, else S) of a relayed ErrorResponse or NoticeResponse body.</summary>
    public static (string? SqlState, string? Message, string? Severity) Read(ReadOnlySpan<byte> body)
    {
        string? code = null, message = null, severity = null;
        var offset = 0;
        while (offset < body.Length && body[offset] != 0)
        {
            var field = (char)body[offset++];
            var value = PgWire.CString(body, ref offset);
            switch (field)
            {
                case 'C': code = value; break;
                case 'M': message = value; break;
                case 'V': severity = value; break;
                case 'S': severity ??= value; break;
                default: break;
            }
        }

        return (code, message, severity);
    }

    private static void Field(List<byte> body, char type, string value)
    {
        body.Add((byte)type);
        body.AddRange(Encoding.UTF8.GetBytes(value));
        body.Add(0);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Harness.Targets.Credentials;

/// <summary>A compact JWS with HS256, by hand (base64url header.payload.signature), so the core takes no identity library.</summary>
public static class Hs256Token
{
    private static readonly string Header = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    /// <summary>Signs <paramref name="claims"/> (string or long values) in the given order.</summary>
    public static string Create(IEnumerable<KeyValuePair<string, object>> claims, string signingKey)
    {
        var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in claims)
            {
                switch (value)
                {
                    case long number:
                        writer.WriteNumber(name, number);
                        break;
                    case bool flag:
                        writer.WriteBoolean(name, flag);
                        break;
                    default:
                        writer.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }

            writer.WriteEndObject();
        }

        var signingInput = $"{Header}.{Base64Url(payload.ToArray())}";
        return $"{signingInput}.{Sign(signingInput, signingKey)}";
    }

    /// <summary>The base64url HMAC-SHA256 of <paramref name="signingInput"/> with the UTF-8 bytes of <paramref name="signingKey"/>.</summary>
    public static string Sign(string signingInput, string signingKey) =>
        Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(signingInput)));

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}

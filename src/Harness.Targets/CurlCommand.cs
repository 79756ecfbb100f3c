using System.Text;
using Harness.Targets.Credentials;

namespace Harness.Targets;

/// <summary>A reproduction as a curl command against the target's base URL, with the token elided as a shell variable (e.g. <c>$TOKEN_A</c>).</summary>
public static class CurlCommand
{
    public static string For(Uri baseAddress, TargetRequest request, Credential? carrier, string tokenVariable = "TOKEN_A")
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(request);
        var command = new StringBuilder("curl -sS -i");
        if (request.Method != "GET" || request.JsonBody is not null)
        {
            command.Append(" -X ").Append(request.Method);
        }

        command.Append(' ').Append(Quote(new Uri(baseAddress, request.PathAndQuery.TrimStart('/')).AbsoluteUri));
        if (carrier is not null)
        {
            command.Append(' ').Append(carrier.CurlArgument(tokenVariable));
        }

        foreach (var (name, value) in request.Headers ?? [])
        {
            command.Append(" -H ").Append(Quote($"{name}: {value}"));
        }

        if (request.JsonBody is not null)
        {
            command.Append(" -H 'Content-Type: application/json' --data ").Append(Quote(request.JsonBody));
        }

        return command.ToString();
    }

    /// <summary>Single-quoted for POSIX shells.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

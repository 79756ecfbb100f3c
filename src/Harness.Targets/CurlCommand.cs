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

    /// <summary>
    /// The command that makes the token <paramref name="variable"/> stands for, as a shell line:
    /// <c>export TOKEN_A=$(harness token --manifest harness.yaml --tenant 3f2c... --user 9a1b...)</c>.
    /// </summary>
    public static string TokenCommand(string manifestPath, TenantPrincipal principal, string variable = "TOKEN_A")
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(principal);
        return $"export {variable}=$(harness token --manifest {Word(manifestPath)} --tenant {Word(principal.TenantId)} --user {Word(principal.UserId)})";
    }

    /// <summary>
    /// What a reproduction against the app needs besides the token: the app running against the run's seeded data, which
    /// only a run with <c>--keep</c> leaves behind (it prints how to start the app on it).
    /// </summary>
    public const string SeededDataNote =
        "the app must run against this run's seeded data: harness run --keep keeps it and prints how to start the app on it (then replace the base URL)";

    /// <summary>Single-quoted for POSIX shells.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The text as one shell word: as it is when it holds only safe characters, else single-quoted.</summary>
    private static string Word(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '@' or '+' or '=') ? text : Quote(text);
}

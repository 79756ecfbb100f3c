using System.Globalization;
using Npgsql;

namespace Harness.Provisioning;

/// <summary>Recognises and normalises user-supplied PostgreSQL connection strings (Npgsql key=value form or libpq URIs).</summary>
public static class PostgresConnectionString
{
    private static readonly string[] UriSchemes = ["postgresql://", "postgres://"];

    /// <summary>libpq URI query parameters whose Npgsql keyword differs.</summary>
    private static readonly Dictionary<string, string> LibpqKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["host"] = "Host",
        ["hostaddr"] = "Host",
        ["port"] = "Port",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["target_session_attrs"] = "Target Session Attributes",
        ["keepalives_idle"] = "Keepalive",
    };

    /// <summary>True for a value that is meant as a connection string: a postgres:// URI or anything with '='.</summary>
    public static bool LooksLikeConnectionString(string value) =>
        IsUri(value) || value.Contains('=', StringComparison.Ordinal);

    /// <summary>True for a <c>postgres://</c> or <c>postgresql://</c> URI.</summary>
    public static bool IsUri(string value) =>
        UriSchemes.Any(s => value.TrimStart().StartsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Returns the Npgsql form of <paramref name="value"/>, converting a libpq URI
    /// (<c>postgresql://user:pass@host:port/db?sslmode=require</c>). Throws <see cref="ProvisioningException"/>
    /// for a malformed value; the message never contains the password.
    /// </summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = IsUri(value) ? FromUri(value.Trim()) : Parse(value);
        return builder.ConnectionString;
    }

    /// <summary>
    /// <paramref name="value"/> (either form) as a session that cannot write: <c>default_transaction_read_only=on</c> is added to
    /// any options the user gave, so audits and inspections are safe on a production database.
    /// </summary>
    public static string ReadOnly(string value, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(Normalize(value)) { ApplicationName = applicationName };
        builder.Options = string.IsNullOrWhiteSpace(builder.Options)
            ? "-c default_transaction_read_only=on"
            : builder.Options + " -c default_transaction_read_only=on";
        return builder.ConnectionString;
    }

    /// <summary>
    /// A libpq URI (what DATABASE_URL readers expect) for an Npgsql connection string, with <paramref name="schema"/>
    /// as search path, e.g. <c>postgresql://app:pw@127.0.0.1:5432/postgres?options=-c%20search_path%3Dw0</c>; without
    /// options when <paramref name="schema"/> is null (the database's default search path).
    /// </summary>
    public static string ToUrl(string connectionString, string? schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var user = Uri.EscapeDataString(builder.Username ?? "postgres");
        var credentials = string.IsNullOrEmpty(builder.Password) ? user : $"{user}:{Uri.EscapeDataString(builder.Password)}";
        var host = builder.Host ?? "127.0.0.1";
        var database = Uri.EscapeDataString(builder.Database ?? "postgres");
        var url = string.Create(CultureInfo.InvariantCulture, $"postgresql://{credentials}@{host}:{builder.Port}/{database}");
        return schema is null ? url : $"{url}?options={Uri.EscapeDataString($"-c search_path={schema}")}";
    }

    /// <summary>"host:port/database as user", for messages; never includes the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        var database = string.IsNullOrEmpty(builder.Database) ? "(default database)" : $"database '{builder.Database}'";
        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : $" as user '{builder.Username}'";
        return string.Create(CultureInfo.InvariantCulture, $"{host}:{builder.Port}, {database}{user}");
    }

    private static NpgsqlConnectionStringBuilder Parse(string value)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ProvisioningException(
                $"Not a valid PostgreSQL connection string ({Redact(e.Message)}). " +
                "Use the Npgsql form 'Host=...;Port=5432;Username=...;Password=...;Database=...' or a URI 'postgresql://user:password@host:5432/database'.");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string uri)
    {
        var rest = uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..];
        string? query = null;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        string? path = null;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            path = rest[(slash + 1)..];
            rest = rest[..slash];
        }

        var builder = new NpgsqlConnectionStringBuilder();
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        if (rest.Length > 0)
        {
            ApplyHosts(builder, Uri.UnescapeDataString(rest));
        }

        if (!string.IsNullOrEmpty(path))
        {
            builder.Database = Uri.UnescapeDataString(path);
        }

        foreach (var pair in (query ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = Uri.UnescapeDataString(eq >= 0 ? pair[(eq + 1)..] : string.Empty);
            ApplyParameter(builder, key, value);
        }

        return builder;
    }

    private static void ApplyHosts(NpgsqlConnectionStringBuilder builder, string hosts)
    {
        // Several hosts ("h1:5432,h2:5433") go to Npgsql's Host as they are; one host is split into Host and Port.
        if (hosts.Contains(',', StringComparison.Ordinal))
        {
            builder.Host = hosts;
            return;
        }

        string host = hosts;
        string? port = null;
        if (hosts.StartsWith('['))
        {
            var close = hosts.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ProvisioningException("Not a valid PostgreSQL URI: unclosed '[' in the IPv6 host.");
            }

            host = hosts[1..close];
            if (close + 1 < hosts.Length && hosts[close + 1] == ':')
            {
                port = hosts[(close + 2)..];
            }
        }
        else
        {
            var colon = hosts.LastIndexOf(':');
            if (colon >= 0)
            {
                host = hosts[..colon];
                port = hosts[(colon + 1)..];
            }
        }

        if (host.Length > 0)
        {
            builder.Host = host;
        }

        if (!string.IsNullOrEmpty(port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                throw new ProvisioningException($"Not a valid PostgreSQL URI: port '{port}' is not a number between 1 and 65535.");
            }

            builder.Port = number;
        }
    }

    private static void ApplyParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
        {
            builder.SslMode = value.ToLowerInvariant() switch
            {
                "disable" => SslMode.Disable,
                "allow" => SslMode.Allow,
                "prefer" => SslMode.Prefer,
                "require" => SslMode.Require,
                "verify-ca" => SslMode.VerifyCA,
                "verify-full" => SslMode.VerifyFull,
                _ => throw new ProvisioningException(
                    $"Not a valid PostgreSQL URI: sslmode '{value}' (use disable, allow, prefer, require, verify-ca or verify-full)."),
            };
            return;
        }

        var keyword = LibpqKeywords.TryGetValue(key, out var mapped) ? mapped : key;
        try
        {
            builder[keyword] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ProvisioningException($"Not a valid PostgreSQL URI: parameter '{key}' is not supported ({Redact(e.Message)}).");
        }
    }

    /// <summary>Hides a URI's user info ("scheme://user:secret@host" → "scheme://***@host") in text shown to users.</summary>
    public static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return text;
        }

        var at = text.IndexOf('@', scheme);
        return at < 0 ? text : string.Concat(text.AsSpan(0, scheme + 3), "***", text.AsSpan(at));
    }
}

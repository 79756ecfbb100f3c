using System.Globalization;
using System.Text;

namespace Harness.Chaos.Pooling;

/// <summary>The text of PgBouncer's ini and auth file for one <see cref="PgBouncerOptions"/>.</summary>
internal static class PgBouncerConfig
{
    public const string IniFileName = "pgbouncer.ini";
    public const string AuthFileName = "users.txt";
    public const string LogFileName = "pgbouncer.log";
    public const string PidFileName = "pgbouncer.pid";

    /// <summary>
    /// The ini: one database alias (named as the upstream database) on a loopback TCP port, no unix socket, scram-sha-256
    /// logins checked against the plaintext auth file (PgBouncer logs in upstream with the same password, which a
    /// scram-sha-256 server accepts), and in transaction mode no reset query: what one client leaves on a server
    /// connection is what the next one gets, as in production.
    /// </summary>
    public static string Ini(PgBouncerOptions options, string folder, int port)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line("[databases]");
        Line(string.Create(CultureInfo.InvariantCulture, $"{options.Database} = host={options.UpstreamHost} port={options.UpstreamPort} dbname={options.Database}"));
        Line("");
        Line("[pgbouncer]");
        Line("listen_addr = 127.0.0.1");
        Line(string.Create(CultureInfo.InvariantCulture, $"listen_port = {port}"));
        Line("unix_socket_dir =");
        Line("auth_type = scram-sha-256");
        Line($"auth_file = {Path.Combine(folder, AuthFileName)}");
        Line($"pool_mode = {options.PoolMode}");
        Line(string.Create(CultureInfo.InvariantCulture, $"default_pool_size = {options.PoolSize}"));
        Line("min_pool_size = 0");
        Line("reserve_pool_size = 0");
        Line(string.Create(CultureInfo.InvariantCulture, $"max_client_conn = {options.MaxClientConnections}"));
        Line($"ignore_startup_parameters = {string.Join(',', options.IgnoreStartupParameters)}");
        if (options.PoolMode != "session")
        {
            Line("server_reset_query =");
        }

        // A failed upstream login is retried after this many seconds (default 15): clients waiting on it fail sooner.
        Line("server_login_retry = 1");
        Line($"logfile = {Path.Combine(folder, LogFileName)}");
        Line($"pidfile = {Path.Combine(folder, PidFileName)}");
        Line("admin_users =");
        Line("stats_users =");
        return text.ToString();
    }

    /// <summary>The auth file: <c>"user" "password"</c> a line, a double quote written twice.</summary>
    public static string AuthFile(PgBouncerOptions options)
    {
        var text = new StringBuilder();
        foreach (var (user, password) in options.Users.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            text.Append('"').Append(user.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\" \"")
                .Append(password.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        }

        return text.ToString();
    }
}

using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Harness.Provisioning;

/// <summary>How to start <c>psql -c</c> against a connection string (for the benchmarks' reference runs): no psqlrc, stop on the first error, the connection in PG* variables.</summary>
public static class PsqlStart
{
    /// <summary>A <c>psql</c> process running <paramref name="sql"/> on the database of <paramref name="connectionString"/>, both outputs redirected.</summary>
    public static ProcessStartInfo For(string connectionString, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("psql") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "-c", sql })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = builder.Username;
        start.Environment["PGDATABASE"] = builder.Database;
        if (builder.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        return start;
    }
}

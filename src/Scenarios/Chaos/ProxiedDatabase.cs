using Harness.Targets;
using Npgsql;

namespace Harness.Scenarios.Chaos;

/// <summary>The worker's database as the app sees it through the chaos proxy: every connection string points at the proxy.</summary>
internal static class ProxiedDatabase
{
    /// <summary><paramref name="direct"/> with every connection to <paramref name="host"/>:<paramref name="port"/> (and <paramref name="database"/>, a pooler's alias, when given).</summary>
    public static TargetDatabase Through(TargetDatabase direct, string host, int port, string? database)
    {
        string Rewrite(string connectionString)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Host = host, Port = port };
            if (database is not null)
            {
                builder.Database = database;
            }

            return builder.ConnectionString;
        }

        return new TargetDatabase(direct.Schema, Rewrite(direct.AppConnectionString), Rewrite(direct.AdminConnectionString))
        {
            SearchPath = direct.SearchPath,
            RoleConnectionStrings = direct.RoleConnectionStrings.ToDictionary(r => r.Key, r => Rewrite(r.Value), StringComparer.Ordinal),
        };
    }
}

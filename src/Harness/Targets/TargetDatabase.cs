using System.Globalization;
using Npgsql;

namespace Harness.Targets;

/// <summary>
/// The worker's database as a target gets it: the app role's and the admin's connections, both with the worker
/// schema as search path, in Npgsql form and as libpq URIs (<c>options=-c search_path=...</c>).
/// </summary>
public sealed record TargetDatabase(string Schema, string AppConnectionString, string AdminConnectionString)
{
    public string AppDatabaseUrl => UrlOf(AppConnectionString, Schema);

    public string AdminDatabaseUrl => UrlOf(AdminConnectionString, Schema);

    /// <summary>
    /// The values a target's command, environment and URL may name: {schema}, {appConnectionString}, {appDatabaseUrl},
    /// {adminConnectionString}, {adminDatabaseUrl} (and {port}, which the host adds).
    /// </summary>
    public IReadOnlyDictionary<string, string> Placeholders() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["schema"] = Schema,
        ["appConnectionString"] = AppConnectionString,
        ["appDatabaseUrl"] = AppDatabaseUrl,
        ["adminConnectionString"] = AdminConnectionString,
        ["adminDatabaseUrl"] = AdminDatabaseUrl,
    };

    /// <summary>A libpq URI for an Npgsql connection string, e.g. <c>postgresql://app:pw@127.0.0.1:5432/postgres?options=-c%20search_path%3Dw0</c>.</summary>
    public static string UrlOf(string connectionString, string schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var user = Uri.EscapeDataString(builder.Username ?? "postgres");
        var credentials = string.IsNullOrEmpty(builder.Password) ? user : $"{user}:{Uri.EscapeDataString(builder.Password)}";
        var host = builder.Host ?? "127.0.0.1";
        var database = Uri.EscapeDataString(builder.Database ?? "postgres");
        var options = Uri.EscapeDataString($"-c search_path={schema}");
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{credentials}@{host}:{builder.Port}/{database}?options={options}");
    }
}

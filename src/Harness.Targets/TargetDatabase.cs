using Harness.Provisioning;

namespace Harness.Targets;

/// <summary>
/// The worker's database as a target gets it: the app role's and the admin's connections, both with the worker
/// schema as search path, in Npgsql form and as libpq URIs (<c>options=-c search_path=...</c>). With
/// <c>database.isolation: database</c> the connections name the worker's database and <see cref="SearchPath"/> is the one
/// they set (null: the database's default).
/// </summary>
public sealed record TargetDatabase(string Schema, string AppConnectionString, string AdminConnectionString)
{
    /// <summary>The search path the URLs set; the worker schema unless given, null for the database's default.</summary>
    public string? SearchPath { get; init; } = Schema;

    public string AppDatabaseUrl => PostgresConnectionString.ToUrl(AppConnectionString, SearchPath);

    public string AdminDatabaseUrl => PostgresConnectionString.ToUrl(AdminConnectionString, SearchPath);

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
}

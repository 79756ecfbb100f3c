using Harness.Provisioning;

namespace Harness.Targets;

/// <summary>
/// The worker's database as a target gets it: the app role's and the admin's connections, both with the worker
/// schema as search path, in Npgsql form and as libpq URIs (<c>options=-c search_path=...</c>), and the connections of
/// the other roles the manifest names (<c>database.roles</c>). With <c>database.isolation: database</c> the connections
/// name the worker's database and <see cref="SearchPath"/> is the one they set (null: the database's default).
/// </summary>
public sealed record TargetDatabase(string Schema, string AppConnectionString, string AdminConnectionString)
{
    /// <summary>Connection strings by role (the app role and every role of <c>database.roles</c>), same search path.</summary>
    public IReadOnlyDictionary<string, string> RoleConnectionStrings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The search path the URLs set; the worker schema unless given, null for the database's default.</summary>
    public string? SearchPath { get; init; } = Schema;

    public string AppDatabaseUrl => PostgresConnectionString.ToUrl(AppConnectionString, SearchPath);

    public string AdminDatabaseUrl => PostgresConnectionString.ToUrl(AdminConnectionString, SearchPath);

    /// <summary>
    /// The values a target's command, environment and URL may name: {schema}, {appConnectionString}, {appDatabaseUrl},
    /// {adminConnectionString}, {adminDatabaseUrl}, {connectionString:role} and {databaseUrl:role} for each role of
    /// <see cref="RoleConnectionStrings"/> (and {port}, which the host adds).
    /// </summary>
    public IReadOnlyDictionary<string, string> Placeholders()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["schema"] = Schema,
            ["appConnectionString"] = AppConnectionString,
            ["appDatabaseUrl"] = AppDatabaseUrl,
            ["adminConnectionString"] = AdminConnectionString,
            ["adminDatabaseUrl"] = AdminDatabaseUrl,
        };
        foreach (var (role, connectionString) in RoleConnectionStrings)
        {
            values[$"connectionString:{role}"] = connectionString;
            values[$"databaseUrl:{role}"] = PostgresConnectionString.ToUrl(connectionString, SearchPath);
        }

        return values;
    }

    /// <summary>The roles <paramref name="template"/> names in <c>{connectionString:role}</c> or <c>{databaseUrl:role}</c>.</summary>
    public static IEnumerable<string> RolesNamedIn(string template) =>
        TargetPlaceholders.Names(template)
            .Where(name => name.StartsWith("connectionString:", StringComparison.Ordinal) || name.StartsWith("databaseUrl:", StringComparison.Ordinal))
            .Select(name => name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..]);
}

using Harness.Targets.Endpoints;

namespace Harness.Manifest;

/// <summary>
/// How the harness starts the app under test (<c>target:</c>): a command on a port it picks, or nothing when the app
/// already runs at <see cref="Url"/>. Strings may name {port}, {schema}, {appConnectionString}, {appDatabaseUrl},
/// {adminConnectionString}, {adminDatabaseUrl}, and {connectionString:role} / {databaseUrl:role} for the app role and each
/// role of <c>database.roles</c>.
/// </summary>
public sealed record TargetSection
{
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Absolute; defaults to the manifest's folder.</summary>
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string Url { get; init; } = "http://127.0.0.1:{port}";

    public string ReadinessPath { get; init; } = "/health";

    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>How to act as a seeded user (<c>credentials:</c>): exactly one of a JWT template, a login recipe or a token file.</summary>
public sealed record CredentialsSection
{
    public JwtSection? Jwt { get; init; }

    public LoginSection? Login { get; init; }

    /// <summary>Absolute path of a YAML/JSON map tenant -> token.</summary>
    public string? TokenFile { get; init; }

    /// <summary>The header a token travels in (default Authorization).</summary>
    public string Header { get; init; } = "Authorization";

    /// <summary>The scheme before the token (default Bearer; empty for none).</summary>
    public string Scheme { get; init; } = "Bearer";
}

public sealed record JwtSection
{
    public required string SigningKey { get; init; }

    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string> { ["sub"] = "{userId}" };

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);
}

public sealed record LoginSection
{
    public string Method { get; init; } = "POST";

    public required string Path { get; init; }

    public string? Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    public string? TokenPointer { get; init; }

    public string? Cookie { get; init; }
}

/// <summary>The endpoints to probe (<c>endpoints:</c>): from an OpenAPI document and/or listed routes, with path parameters mapped to tables.</summary>
public sealed record EndpointsSection
{
    /// <summary>Absolute path of an OpenAPI 3 document (JSON or YAML), or null.</summary>
    public string? OpenApi { get; init; }

    /// <summary>Path parameter name -> table (or table.column) for every route, e.g. <c>siteId: sites</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<RouteSection> Routes { get; init; } = [];

    /// <summary>Routes (<c>METHOD /path</c>) not to probe at all.</summary>
    public IReadOnlyList<string> Skip { get; init; } = [];
}

/// <summary>One route; what is left out is inferred (kind from method and path, tables from parameter names).</summary>
public sealed record RouteSection
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public EndpointKind? Kind { get; init; }

    /// <summary>Path parameter -> table or table.column, for this route only.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>A query string template, e.g. <c>q={canaryPrefix}</c>.</summary>
    public string? Query { get; init; }

    /// <summary>A JSON body template (merged over the body the harness builds for writes and creates).</summary>
    public string? Body { get; init; }

    /// <summary>The table a create endpoint inserts into.</summary>
    public string? Creates { get; init; }

    /// <summary>Where it was declared, for messages (<c>harness.yaml:40:7</c>).</summary>
    public string Source { get; init; } = "";
}

namespace Harness.Targets.Credentials;

/// <summary>
/// A login request that yields a credential: e.g. <c>POST /test/login</c> with body <c>{"user_id": "{userId}"}</c>, the token
/// at JSON pointer <c>/access_token</c> of the answer, or the session in cookie <c>sid</c>. Templates may name
/// {userId}, {tenantId}, {tenantIndex} and {tenantName}.
/// </summary>
public sealed record LoginRecipe
{
    public string Method { get; init; } = "POST";

    public required string Path { get; init; }

    /// <summary>The request body template; values filled in are JSON-escaped when the content type is JSON.</summary>
    public string? Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    /// <summary>Where the token is in a JSON answer (RFC 6901), e.g. <c>/access_token</c>; exclusive with <see cref="Cookie"/>.</summary>
    public string? TokenPointer { get; init; }

    /// <summary>The cookie that carries the session; exclusive with <see cref="TokenPointer"/>.</summary>
    public string? Cookie { get; init; }

    /// <summary>How a token found at <see cref="TokenPointer"/> travels (default: <c>Authorization: Bearer</c>).</summary>
    public Credential Carrier { get; init; } = Credential.Bearer("");

    public void Validate()
    {
        if (!Path.StartsWith('/'))
        {
            throw new TargetConfigurationException($"credentials.login.path '{Path}' must start with '/'") { Subject = "credentials.login.path" };
        }

        if ((TokenPointer is null) == (Cookie is null))
        {
            throw new TargetConfigurationException("credentials.login needs exactly one of 'tokenPointer' (where the token is in the JSON answer, e.g. /access_token) or 'cookie' (the session cookie's name)") { Subject = "credentials.login" };
        }

        if (TokenPointer is { } pointer && !pointer.StartsWith('/'))
        {
            throw new TargetConfigurationException($"credentials.login.tokenPointer '{pointer}' is not a JSON pointer; it starts with '/', e.g. /access_token") { Subject = "credentials.login.tokenPointer" };
        }
    }
}

namespace Harness.Targets.Credentials;

/// <summary>How a credential travels on a request.</summary>
public enum CredentialKind
{
    /// <summary>A header: <see cref="Credential.Name"/> (default Authorization) with <see cref="Credential.Scheme"/> and the token.</summary>
    Header,

    /// <summary>A cookie named <see cref="Credential.Name"/>.</summary>
    Cookie,
}

/// <summary>What a request carries to act as a user: a bearer token (the default), another header, or a session cookie.</summary>
public sealed record Credential(string Token, CredentialKind Kind = CredentialKind.Header, string Name = "Authorization", string Scheme = "Bearer")
{
    public static Credential Bearer(string token) => new(token);

    public static Credential Cookie(string name, string value) => new(value, CredentialKind.Cookie, name, "");

    /// <summary>The same carrier with another token (for forged credentials).</summary>
    public Credential WithToken(string token) => this with { Token = token };

    public void ApplyTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Kind == CredentialKind.Cookie)
        {
            request.Headers.TryAddWithoutValidation("Cookie", $"{Name}={Token}");
        }
        else
        {
            request.Headers.TryAddWithoutValidation(Name, Scheme.Length == 0 ? Token : $"{Scheme} {Token}");
        }
    }

    /// <summary>The curl argument with the token elided as a shell variable, e.g. <c>-H "Authorization: Bearer $TOKEN_A"</c>.</summary>
    public string CurlArgument(string variable) => Kind == CredentialKind.Cookie
        ? $"-b \"{Name}=${variable}\""
        : $"-H \"{Name}: {(Scheme.Length == 0 ? "" : Scheme + " ")}${variable}\"";
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Targets.Credentials;

/// <summary>Logs each user in with a <see cref="LoginRecipe"/> against the target and keeps the token or cookie it answers with.</summary>
public sealed class LoginCredentials : ICredentialStrategy
{
    private readonly LoginRecipe recipe;

    public LoginCredentials(LoginRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        recipe.Validate();
        this.recipe = recipe;
    }

    public string Description => $"login {recipe.Method} {recipe.Path}";

    public async Task<Credential> IssueAsync(TenantPrincipal principal, HttpClient target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(target);
        using var request = new HttpRequestMessage(new HttpMethod(recipe.Method), recipe.Path.TrimStart('/'));
        if (recipe.Body is not null)
        {
            var json = recipe.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);
            var values = principal.Placeholders().ToDictionary(p => p.Key, p => json ? JsonEscaped(p.Value) : p.Value, StringComparer.Ordinal);
            request.Content = new StringContent(TargetPlaceholders.Fill(recipe.Body, values), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(recipe.ContentType);
        }

        using var response = await target.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CredentialException(string.Create(CultureInfo.InvariantCulture,
                $"login {recipe.Method} {recipe.Path} for {principal} answered {(int)response.StatusCode}: {Shorten(body)}"))
            {
                Strategy = Description,
                Principal = principal,
            };
        }

        if (recipe.Cookie is { } cookie)
        {
            var value = response.Headers.TryGetValues("Set-Cookie", out var cookies)
                ? cookies.Select(c => c.Split(';', 2)[0]).Where(c => c.StartsWith(cookie + "=", StringComparison.Ordinal)).Select(c => c[(cookie.Length + 1)..]).FirstOrDefault()
                : null;
            return value is { Length: > 0 }
                ? Credential.Cookie(cookie, value)
                : throw new CredentialException($"login {recipe.Method} {recipe.Path} for {principal} set no cookie '{cookie}'")
                {
                    Strategy = Description,
                    Principal = principal,
                };
        }

        var token = Find(body, recipe.TokenPointer!);
        return token is { Length: > 0 }
            ? recipe.Carrier.WithToken(token)
            : throw new CredentialException($"login {recipe.Method} {recipe.Path} for {principal}: no string at {recipe.TokenPointer} in the answer: {Shorten(body)}")
            {
                Strategy = Description,
                Principal = principal,
            };
    }

    /// <summary>The string at a JSON pointer (RFC 6901) in <paramref name="json"/>, or null.</summary>
    public static string? Find(string json, string jsonPointer)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        foreach (var raw in jsonPointer.Split('/').Skip(1))
        {
            var part = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    private static string JsonEscaped(string value) => JsonSerializer.Serialize(value)[1..^1];

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}

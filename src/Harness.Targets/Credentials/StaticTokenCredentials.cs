using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Targets.Credentials;

/// <summary>
/// Tokens written down per tenant, e.g. for an app whose tokens only its identity provider can mint: a map from tenant
/// (its id, its index in the seed ledger, or its name) to a token. Read from a YAML or JSON file with <see cref="LoadAsync"/>.
/// </summary>
public sealed class StaticTokenCredentials(IReadOnlyDictionary<string, string> tokens, Credential carrier, string source = "static tokens") : ICredentialStrategy
{
    public string Description => source;

    public Task<Credential> IssueAsync(TenantPrincipal principal, HttpClient target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        foreach (var key in new[] { principal.TenantId, principal.TenantIndex.ToString(CultureInfo.InvariantCulture), principal.TenantName })
        {
            if (tokens.TryGetValue(key, out var token))
            {
                return Task.FromResult(carrier.WithToken(token));
            }
        }

        throw new CredentialException(
            $"{source} has no token for tenant {principal.TenantIndex} (id {principal.TenantId}, name '{principal.TenantName}'); "
            + "key each token by the tenant's id, its index in the seed ledger, or its name")
        {
            Strategy = source,
            Principal = principal,
        };
    }

    /// <summary>Reads a YAML or JSON mapping of tenant to token; <paramref name="carrier"/> says how the token travels (default: bearer).</summary>
    public static async Task<StaticTokenCredentials> LoadAsync(string path, Credential? carrier = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new CredentialException($"credentials.tokenFile '{path}' does not exist") { Strategy = path };
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new CredentialException($"{path}:{e.Start.Line}:{e.Start.Column}: not valid YAML or JSON: {e.InnerException?.Message ?? e.Message}", e) { Strategy = path };
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            throw new CredentialException($"{path}: must be a mapping of tenant (id, index or name) to token, e.g. {{\"<tenant id>\": \"<token>\"}}") { Strategy = path };
        }

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } || value is not YamlScalarNode { Value: { Length: > 0 } token })
            {
                throw new CredentialException($"{path}:{key.Start.Line}:{key.Start.Column}: every entry must map a tenant to a non-empty token string") { Strategy = path };
            }

            tokens[name] = token;
        }

        return new StaticTokenCredentials(tokens, carrier ?? Credential.Bearer(""), $"token file {Path.GetFileName(path)}");
    }
}

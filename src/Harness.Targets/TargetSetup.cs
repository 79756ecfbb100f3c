using Harness.Manifest;
using Harness.Targets.Credentials;
using Harness.Targets.Hosting;

namespace Harness.Targets;

/// <summary>Builds the target host and the credential strategy a manifest describes.</summary>
public static class TargetSetup
{
    /// <summary>The host for the manifest's <c>target</c> section, or null when it has none.</summary>
    public static ITargetHost? HostFor(HarnessManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Target is not { } target)
        {
            return null;
        }

        return new CommandTargetHost(new CommandTargetOptions
        {
            Command = target.Command,
            WorkingDirectory = target.WorkingDirectory ?? Path.GetDirectoryName(manifest.SourcePath),
            Environment = target.Environment,
            Url = target.Url,
            ReadinessPath = target.ReadinessPath,
            ReadinessTimeout = target.ReadinessTimeout,
        });
    }

    /// <summary>The strategy for the manifest's <c>credentials</c> section (cached per user), or null when it has none.</summary>
    public static async Task<ICredentialStrategy?> CredentialsForAsync(HarnessManifest manifest, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Credentials is not { } credentials)
        {
            return null;
        }

        var carrier = new Credential("", CredentialKind.Header, credentials.Header, credentials.Scheme);
        ICredentialStrategy strategy;
        if (credentials.Jwt is { } jwt)
        {
            strategy = new JwtCredentials(new JwtOptions
            {
                SigningKey = jwt.SigningKey,
                Issuer = jwt.Issuer,
                Audience = jwt.Audience,
                Claims = jwt.Claims,
                Lifetime = jwt.Lifetime,
                Time = time ?? TimeProvider.System,
                Carrier = carrier,
            });
        }
        else if (credentials.Login is { } login)
        {
            strategy = new LoginCredentials(new LoginRecipe
            {
                Method = login.Method,
                Path = login.Path,
                Body = login.Body,
                ContentType = login.ContentType,
                TokenPointer = login.TokenPointer,
                Cookie = login.Cookie,
                Carrier = carrier,
            });
        }
        else
        {
            strategy = await StaticTokenCredentials.LoadAsync(credentials.TokenFile!, carrier, cancellationToken);
        }

        return new CachedCredentials(strategy);
    }
}

using System.Globalization;
using Harness.Manifest;
using Harness.Targets.Endpoints;
using YamlDotNet.RepresentationModel;

namespace Harness.Targets.Manifest;

/// <summary>Reads the manifest's <c>target</c> and <c>credentials</c> sections, with positioned errors.</summary>
internal static class TargetManifestReader
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static TargetSection? ReadTarget(YamlMapping root, string folder)
    {
        var target = root.Section("target", "command", "workingDirectory", "environment", "url", "readiness");
        if (target is null)
        {
            return null;
        }

        var command = target.StringList("command") ?? [];
        if (command is { Count: 1 } && command[0].Contains(' ', StringComparison.Ordinal))
        {
            command = ["sh", "-c", command[0]];
        }

        var url = target.String("url");
        if (command.Count == 0 && url is null)
        {
            throw target.Error(target.Node, "'target' needs 'command' (how to start the app; it gets a free port as {port}) or 'url' (where the app already runs), or both");
        }

        var readiness = target.Section("readiness", "path", "timeoutSeconds");
        var path = readiness?.String("path") ?? "/health";
        if (!path.StartsWith('/'))
        {
            throw readiness!.Error(readiness.Find("path")!, $"'target.readiness.path' must start with '/', e.g. /health");
        }

        return new TargetSection
        {
            Command = command,
            WorkingDirectory = Path.GetFullPath(Path.Combine(folder, target.String("workingDirectory") ?? ".")),
            Environment = ManifestValues.StringMap(target, "environment", "target.environment", "NAME: value") ?? new Dictionary<string, string>(),
            Url = url ?? "http://127.0.0.1:{port}",
            ReadinessPath = path,
            ReadinessTimeout = TimeSpan.FromSeconds(readiness?.Int("timeoutSeconds", 1, 3600) ?? 60),
        };
    }

    public static CredentialsSection? ReadCredentials(YamlMapping root, string folder)
    {
        var credentials = root.Section("credentials", "jwt", "login", "tokenFile", "header", "scheme");
        if (credentials is null)
        {
            return null;
        }

        var jwt = credentials.Section("jwt", "signingKey", "signingKeyEnv", "issuer", "audience", "claims", "lifetimeSeconds");
        var login = credentials.Section("login", "method", "path", "body", "contentType", "tokenPointer", "cookie");
        var tokenFile = credentials.String("tokenFile");
        if ((jwt is null ? 0 : 1) + (login is null ? 0 : 1) + (tokenFile is null ? 0 : 1) != 1)
        {
            throw credentials.Error(credentials.Node, "give exactly one of 'credentials.jwt' (mint tokens from a test key), 'credentials.login' (a login request) or 'credentials.tokenFile' (tokens per tenant)");
        }

        return new CredentialsSection
        {
            Jwt = jwt is null ? null : ReadJwt(jwt),
            Login = login is null ? null : ReadLogin(login),
            TokenFile = tokenFile is null ? null : Path.GetFullPath(Path.Combine(folder, tokenFile)),
            Header = credentials.String("header") ?? "Authorization",
            Scheme = credentials.Find("scheme") is YamlScalarNode { Value: "" or null } ? "" : credentials.String("scheme") ?? "Bearer",
        };
    }

    private static JwtSection ReadJwt(YamlMapping jwt)
    {
        var key = jwt.String("signingKey");
        var variable = jwt.String("signingKeyEnv");
        if ((key is null) == (variable is null))
        {
            throw jwt.Error(jwt.Node, "give exactly one of 'credentials.jwt.signingKey' (the test key) or 'credentials.jwt.signingKeyEnv' (the variable that holds it)");
        }

        if (variable is not null)
        {
            key = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(key))
            {
                throw jwt.Error(jwt.Find("signingKeyEnv")!, $"environment variable '{variable}' (credentials.jwt.signingKeyEnv) is not set");
            }
        }

        return new JwtSection
        {
            SigningKey = key!,
            Issuer = jwt.String("issuer"),
            Audience = jwt.String("audience"),
            Claims = ManifestValues.StringMap(jwt, "claims", "credentials.jwt.claims", "sub: \"{userId}\"") ?? new Dictionary<string, string> { ["sub"] = "{userId}" },
            Lifetime = TimeSpan.FromSeconds(jwt.Int("lifetimeSeconds", 60, 86_400 * 30) ?? 3600),
        };
    }

    private static LoginSection ReadLogin(YamlMapping login)
    {
        var section = new LoginSection
        {
            Method = ManifestValues.Method(login, "method") ?? "POST",
            Path = ManifestValues.PathValue(login, "path", required: true)!,
            Body = ManifestValues.Body(login, "body"),
            ContentType = login.String("contentType") ?? "application/json",
            TokenPointer = login.String("tokenPointer"),
            Cookie = login.String("cookie"),
        };
        if ((section.TokenPointer is null) == (section.Cookie is null))
        {
            throw login.Error(login.Node, "give exactly one of 'credentials.login.tokenPointer' (where the token is in the JSON answer, e.g. /access_token) or 'credentials.login.cookie' (the session cookie)");
        }

        if (section.TokenPointer is { } pointer && !pointer.StartsWith('/'))
        {
            throw login.Error(login.Find("tokenPointer")!, $"'{pointer}' is not a JSON pointer; it starts with '/', e.g. /access_token");
        }

        return section;
    }
}

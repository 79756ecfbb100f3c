using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Cli;

/// <summary><c>harness token</c>: the credential a curl reproduction's <c>$TOKEN_A</c> stands for, made as the run makes it.</summary>
public sealed class TokenCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_jwt_manifest_prints_a_token_signed_with_its_key_for_the_tenant_and_user()
    {
        var result = await CliProcess.HarnessAsync(
            ["token", "--manifest", RepositoryPaths.SampleManifest, "--tenant", "6f1c0000-0000-4000-8000-000000000001", "--user", "u-42"],
            cancellationToken: Token);

        result.ExitCode.Should().Be(0, result.ToString());
        var token = result.Stdout.Trim();
        var parts = token.Split('.');
        parts.Should().HaveCount(3, "stdout holds the token alone, for TOKEN_A=$(harness token ...)");
        using var key = new HMACSHA256(Encoding.UTF8.GetBytes("harness-sample-target-dev-signing-key-0123456789"));
        Base64Url(key.ComputeHash(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"))).Should().Be(parts[2], "the sample manifest's key signs it");
        using var claims = JsonDocument.Parse(Convert.FromBase64String(Padded(parts[1])));
        claims.RootElement.GetProperty("sub").GetString().Should().Be("u-42");
        claims.RootElement.GetProperty("company_id").GetString().Should().Be("6f1c0000-0000-4000-8000-000000000001");
        claims.RootElement.GetProperty("iss").GetString().Should().Be("sample-target");
        claims.RootElement.GetProperty("exp").GetInt64().Should().BeGreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        result.Stderr.Should().Contain("Authorization: Bearer $TOKEN_A");
    }

    [Fact]
    public async Task A_login_manifest_says_a_token_needs_the_running_app_and_how_to_get_one()
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("harness-token-").FullName, "harness.yaml");
        await File.WriteAllTextAsync(manifest, """
            version: 1
            tenancy: { key: company_id, root: companies, context: { setting: app.company_id } }
            database: { appRole: app, appPassword: app }
            migrations: { sqlFolder: . }
            credentials:
              login: { path: /login, body: '{"user": "{userId}"}', tokenPointer: /token }
            """, Token);

        var result = await CliProcess.HarnessAsync(["token", "--manifest", manifest, "--tenant", "t1"], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("log in to the running app, so no token can be made offline").And.Contain("--keep");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Padded(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }
}

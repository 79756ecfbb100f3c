extern alias SampleApp;

using System.Net;
using System.Text;
using FluentAssertions;
using Harness.Targets;
using Harness.Targets.Credentials;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using JwtSettings = SampleApp::SampleTarget.Auth.JwtSettings;

namespace Harness.Tests.Targets;

/// <summary>Credential strategies: minted JWTs verify with the sample's own key and rules; credentials are cached per user and refreshed on 401.</summary>
public sealed class CredentialTests
{
    private static readonly TenantPrincipal Alice = new(3, "6b1f8c3e-2f4d-4a7a-9f0e-1c2d3e4f5a6b", "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", "Acme");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JwtCredentials Jwt() => new(new JwtOptions
    {
        SigningKey = JwtSettings.DevelopmentSigningKey,
        Issuer = JwtSettings.Issuer,
        Audience = JwtSettings.Audience,
        Claims = new Dictionary<string, string> { ["sub"] = "{userId}", ["company_id"] = "{tenantId}" },
    });

    private static TokenValidationParameters SampleValidation => new()
    {
        ValidIssuer = JwtSettings.Issuer,
        ValidAudience = JwtSettings.Audience,
        IssuerSigningKey = JwtSettings.CreateKey(JwtSettings.DevelopmentSigningKey),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task A_minted_jwt_verifies_with_the_sample_apps_key_and_carries_the_users_claims()
    {
        var credential = await Jwt().IssueAsync(Alice, new HttpClient(), Token);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(credential.Token, SampleValidation);

        result.IsValid.Should().BeTrue(result.Exception?.Message);
        result.Claims["sub"].Should().Be(Alice.UserId);
        result.Claims["company_id"].Should().Be(Alice.TenantId);
        credential.Name.Should().Be("Authorization");
        credential.Scheme.Should().Be("Bearer");
    }

    [Fact]
    public async Task Every_forged_credential_fails_the_sample_apps_validation()
    {
        var jwt = Jwt();
        var valid = await jwt.IssueAsync(Alice, new HttpClient(), Token);

        var forgeries = CredentialForgeries.For(valid, new CachedCredentials(jwt), Alice);

        forgeries.Select(f => f.Name).Should().Equal("none", "garbage", "tampered-signature", "alg-none", "expired", "wrong-key");
        foreach (var (name, credential) in forgeries.Where(f => f.Credential is not null))
        {
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(credential!.Token, SampleValidation);
            result.IsValid.Should().BeFalse(name);
        }
    }

    [Fact]
    public async Task Credentials_are_issued_once_per_user_and_refreshed_once_on_401()
    {
        var issued = 0;
        var strategy = new DelegateCredentials((_, _) => Task.FromResult(Credential.Bearer($"token-{Interlocked.Increment(ref issued)}")));
        var handler = new Handler(request =>
            request.Headers.Authorization?.Parameter == "token-1" ? HttpStatusCode.Unauthorized : HttpStatusCode.OK);
        await using var target = new FakeTarget(handler);
        var client = new TargetClient(target, strategy);

        var first = await client.SendAsAsync(Alice, new TargetRequest("GET", "/sites"), Token);
        var second = await client.SendAsAsync(Alice, new TargetRequest("GET", "/sites"), Token);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendAsAsync(Alice, new TargetRequest("GET", "/sites"), Token)));

        first.Status.Should().Be(200, "a 401 refreshes the credential and sends again");
        second.Status.Should().Be(200);
        issued.Should().Be(2, "token-1 was refused once, token-2 is reused");
        handler.Authorizations.Should().StartWith(["Bearer token-1", "Bearer token-2", "Bearer token-2"]).And.HaveCount(23);
    }

    [Fact]
    public async Task A_login_recipe_takes_the_token_from_a_json_pointer_or_the_session_from_a_cookie()
    {
        var handler = new Handler(_ => HttpStatusCode.OK, request =>
        {
            var body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"data\":{\"access_token\":\"tok-" + body.Length + "\"}}") };
            response.Headers.Add("Set-Cookie", "sid=session-42; Path=/; HttpOnly");
            return response;
        });
        await using var target = new FakeTarget(handler);
        var recipe = new LoginRecipe { Path = "/test/login", Body = "{\"user\": \"{userId}\", \"tenant\": \"{tenantName}\"}", TokenPointer = "/data/access_token" };

        var token = await new LoginCredentials(recipe).IssueAsync(Alice, target.Client, Token);
        var cookie = await new LoginCredentials(recipe with { TokenPointer = null, Cookie = "sid" }).IssueAsync(Alice, target.Client, Token);

        handler.Bodies[0].Should().Be($"{{\"user\": \"{Alice.UserId}\", \"tenant\": \"Acme\"}}");
        token.Should().Be(Credential.Bearer($"tok-{handler.Bodies[0].Length}"));
        cookie.Should().Be(Credential.Cookie("sid", "session-42"));
        cookie.CurlArgument("TOKEN_A").Should().Be("-b \"sid=$TOKEN_A\"");
    }

    [Fact]
    public async Task A_token_file_maps_tenants_by_id_index_or_name_and_names_a_missing_tenant()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("harness-tokens-").FullName, "tokens.yaml");
        await File.WriteAllTextAsync(file, $"\"{Alice.TenantId}\": by-id\n\"7\": by-index\nGlobex: by-name\n", Token);
        var strategy = await StaticTokenCredentials.LoadAsync(file, cancellationToken: Token);

        (await strategy.IssueAsync(Alice, new HttpClient(), Token)).Token.Should().Be("by-id");
        (await strategy.IssueAsync(Alice with { TenantId = "x", TenantIndex = 7 }, new HttpClient(), Token)).Token.Should().Be("by-index");
        (await strategy.IssueAsync(Alice with { TenantId = "x", TenantName = "Globex" }, new HttpClient(), Token)).Token.Should().Be("by-name");
        await FluentActions.Awaiting(() => strategy.IssueAsync(Alice with { TenantId = "x", TenantIndex = 9, TenantName = "Initech" }, new HttpClient(), Token))
            .Should().ThrowAsync<CredentialException>().WithMessage("*no token for tenant 9 (id x, name 'Initech')*");
    }

    /// <summary>Answers with a status chosen per request (or a whole response), and records what it was sent.</summary>
    private sealed class Handler(Func<HttpRequestMessage, HttpStatusCode> status, Func<HttpRequestMessage, HttpResponseMessage>? respond = null) : HttpMessageHandler
    {
        public List<string> Authorizations { get; } = [];

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Authorizations)
            {
                Authorizations.Add(request.Headers.Authorization?.ToString() ?? "");
            }

            if (request.Content is not null)
            {
                Bodies.Add(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            return respond?.Invoke(request) ?? new HttpResponseMessage(status(request)) { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
        }
    }

    private sealed class FakeTarget(HttpMessageHandler handler) : IRunningTarget
    {
        public Uri BaseAddress { get; } = new("http://target.test/");

        public HttpClient Client { get; } = new(handler) { BaseAddress = new Uri("http://target.test/") };

        public string Description => "fake";

        public string RecentOutput => "";

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

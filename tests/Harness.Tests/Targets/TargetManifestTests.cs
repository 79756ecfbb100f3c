using Harness.Runner;
using FluentAssertions;
using Harness.Manifest;
using Harness.Scenarios.Idor;
using Harness.Running;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;
using Harness.Targets.Hosting;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Targets;

/// <summary>The manifest's target, credentials, endpoints and idor sections: read with their defaults, refused with file, line and column.</summary>
public sealed class TargetManifestTests
{
    private const string Minimal = "version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context:\n    setting: app.org_id\ndatabase:\n  appRole: app\n";
    private const string SourcePath = "/x/harness.yaml";

    [Fact]
    public async Task The_sample_manifest_describes_its_target_credentials_and_endpoints()
    {
        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(RepositoryPaths.SampleManifest, TestContext.Current.CancellationToken);

        manifest.Target!.Environment.Should().ContainKey("ConnectionStrings__Default").WhoseValue.Should().Be("{appConnectionString}");
        manifest.Target!.WorkingDirectory.Should().Be(RepositoryPaths.SampleTarget);
        manifest.Target!.ReadinessPath.Should().Be("/health");
        manifest.Credentials!.Jwt!.Claims.Should().Equal(new Dictionary<string, string> { ["sub"] = "{userId}", ["company_id"] = "{tenantId}" });
        manifest.Endpoints!.Routes.Should().Contain(r => r.Method == "GET" && r.Path == "/health" && r.Kind == EndpointKind.Public);
        manifest.Endpoints!.Routes.Should().Contain(r => r.Path == "/search/sites" && r.Query == "q={canaryPrefix}");
        manifest.Idor.DeniedStatuses.Should().Equal(403, 404);
        manifest.Idor.Oracle.Should().Be(ReadOracle.Differential, "reads are judged on the answers, not the status, unless the manifest says oracle: status");
        TargetSetup.HostFor(manifest).Should().BeOfType<CommandTargetHost>();
        (await TargetSetup.CredentialsForAsync(manifest, cancellationToken: TestContext.Current.CancellationToken)).Should().BeOfType<CachedCredentials>()
            .Which.Inner.Should().BeOfType<JwtCredentials>();
    }

    [Fact]
    public void Every_section_is_optional_and_has_defaults()
    {
        var manifest = ScenarioRegistry.Default.ParseManifest(Minimal + "target:\n  url: http://127.0.0.1:8080\nendpoints:\n  routes:\n    - GET /items/{itemId}\n    - POST /items\n", SourcePath);

        manifest.Target!.Command.Should().BeEmpty();
        manifest.Target!.ReadinessTimeout.Should().Be(TimeSpan.FromSeconds(60));
        manifest.Credentials.Should().BeNull();
        manifest.Endpoints!.Routes.Select(r => $"{r.Method} {r.Path}").Should().Equal("GET /items/{itemId}", "POST /items");
        manifest.Idor.Should().BeEquivalentTo(new IdorOptions());
        manifest.Idor.Concurrency.Should().Be(4);
        manifest.Idor.AllPairs.Should().BeFalse();
    }

    [Fact]
    public void All_pairs_can_be_switched_on()
    {
        var manifest = ScenarioRegistry.Default.ParseManifest(Minimal + "idor:\n  allPairs: true\n  concurrency: 8\n", SourcePath);

        manifest.Idor.AllPairs.Should().BeTrue();
        manifest.Idor.Concurrency.Should().Be(8);
    }

    [Fact]
    public void A_route_mapping_with_a_body_mapping_becomes_json()
    {
        var manifest = ScenarioRegistry.Default.ParseManifest(
            Minimal + "endpoints:\n  routes:\n    - method: post\n      path: /items\n      creates: items\n      body: { name: \"x\", count: 2, active: true }\n", SourcePath);

        var route = manifest.Endpoints!.Routes.Should().ContainSingle().Subject;
        route.Method.Should().Be("POST");
        route.Body.Should().Be("{\"name\":\"x\",\"count\":2,\"active\":true}");
        route.Source.Should().Be("/x/harness.yaml:11:7");
    }

    [Fact]
    public async Task A_signing_key_shorter_than_HS256_wants_is_used_as_the_app_accepts_it_with_a_warning()
    {
        var manifest = ScenarioRegistry.Default.ParseManifest(Minimal + "credentials:\n  jwt:\n    signingKey: short-key\n", SourcePath);

        var strategy = await TargetSetup.CredentialsForAsync(manifest, cancellationToken: TestContext.Current.CancellationToken);

        var jwt = strategy.Should().BeOfType<CachedCredentials>().Which.Inner.Should().BeOfType<JwtCredentials>().Which;
        jwt.Description.Should().Contain("warning: the signing key is 9 bytes, below the 32 HS256 wants");
        var token = jwt.Mint(new TenantPrincipal(0, "t-1", "u-1", "Tenant 1"));
        token[(token.LastIndexOf('.') + 1)..].Should().Be(Hs256Token.Sign(token[..token.LastIndexOf('.')], "short-key"), "the token is signed with the key the app has");
    }

    [Theory]
    [InlineData("target:\n  comand: [node]\n", 10, 3, "unknown key 'target.comand'; valid keys here are: command, workingDirectory, environment, url, readiness")]
    [InlineData("target:\n  environment:\n    PORT: \"{port}\"\n", 10, 3, "'target' needs 'command' (how to start the app; it gets a free port as {port}) or 'url'")]
    [InlineData("target:\n  command: [node]\n  readiness:\n    path: health\n", 12, 11, "'target.readiness.path' must start with '/'")]
    [InlineData("credentials:\n  header: X-Token\n", 10, 3, "give exactly one of 'credentials.jwt'")]
    [InlineData("credentials:\n  login:\n    path: /login\n", 11, 5, "give exactly one of 'credentials.login.tokenPointer'")]
    [InlineData("endpoints:\n  routes:\n    - GET sites\n", 11, 7, "route 'GET sites' is not METHOD /path")]
    [InlineData("endpoints:\n  routes:\n    - { method: GET, path: /a, kind: lists }\n", 11, 38, "kind 'lists' is not one of resource, list, search, export, create, public")]
    [InlineData("endpoints:\n  parameters: { siteId: sites }\n", 10, 3, "'endpoints' needs 'openapi' (an OpenAPI 3 document) or 'routes'")]
    [InlineData("idor:\n  deniedStatuses: [404, 999]\n", 10, 19, "'999' in 'deniedStatuses' is not an HTTP status (100 to 599)")]
    [InlineData("idor:\n  oracle: guess\n", 10, 11, "oracle 'guess' is not one of differential, status")]
    [InlineData("idor:\n  concurrency: 0\n", 10, 16, "'idor.concurrency' must be a whole number from 1 to 256")]
    public void Mistakes_name_the_line_and_column_and_what_is_valid(string yaml, int line, int column, string problem)
    {
        var error = FluentActions.Invoking(() => ScenarioRegistry.Default.ParseManifest(Minimal + yaml, SourcePath)).Should().Throw<ManifestException>().Which;

        error.Problem.Should().StartWith(problem);
        (error.Line, error.Column).Should().Be((line, column), error.Message);
    }
}

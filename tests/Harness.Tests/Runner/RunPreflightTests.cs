using FluentAssertions;
using Harness.Errors;
using Harness.Provisioning;
using Harness.Runner;
using Harness.Targets;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Runner;

/// <summary>
/// Mistakes a user can fix are found before a server is provisioned: the provider is never asked to start one, and the
/// error says what to do.
/// </summary>
public sealed class RunPreflightTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("ftp://127.0.0.1/app", "[\"node\", \"server.js\"]", "target.url 'ftp://127.0.0.1/app' is not an absolute http or https URL")]
    [InlineData("/api", "[\"node\", \"server.js\"]", "target.url '/api' is not an absolute http or https URL")]
    [InlineData("http://example.com:{port}", "[\"node\", \"server.js\"]", "target.url 'http://example.com:{port}' is not on loopback, but the harness starts the app itself")]
    public async Task A_bad_target_url_is_refused_before_provisioning(string url, string command, string expected)
    {
        var manifest = await ManifestAsync($"target:\n  command: {command}\n  url: \"{url}\"\n");
        var provider = new RecordingProvider();

        var run = () => RunAsync(manifest, provider);

        (await run.Should().ThrowAsync<TargetConfigurationException>()).Which.Message.Should().Contain(expected);
        provider.Started.Should().BeFalse();
    }

    [Fact]
    public async Task A_remote_url_is_fine_for_an_app_that_already_runs()
    {
        var manifest = await ManifestAsync("target:\n  url: \"https://staging.example.com\"\n");

        var checks = await RunPreflight.CheckAsync(
            await ScenarioRegistry.Default.LoadManifestAsync(manifest, Token), Path.GetTempPath(), probesTarget: true, Token);

        checks.Should().Contain("target.url: https://staging.example.com (the app that already runs)");
    }

    [Fact]
    public async Task An_openapi_document_that_does_not_parse_is_refused_before_provisioning()
    {
        var manifest = await ManifestAsync("target:\n  command: [\"node\", \"server.js\"]\n", openApi: "openapi: [3.0\npaths: {}\n");
        var provider = new RecordingProvider();

        var run = () => RunAsync(manifest, provider);

        (await run.Should().ThrowAsync<TargetConfigurationException>()).Which.Message.Should().Contain("openapi.yaml:").And.Contain("not valid JSON or YAML: a list");
        provider.Started.Should().BeFalse();
    }

    [Fact]
    public async Task A_reports_path_that_is_an_existing_file_is_refused_before_provisioning()
    {
        var manifest = await ManifestAsync("");
        var file = Path.Combine(Path.GetDirectoryName(manifest)!, "reports.txt");
        await File.WriteAllTextAsync(file, "not a folder", Token);
        var provider = new RecordingProvider();

        var run = () => RunAsync(manifest, provider, reports: file);

        var error = (await run.Should().ThrowAsync<UsageException>()).Which;
        error.Option.Should().Be("--reports");
        error.Message.Should().Contain($"'{file}' is an existing file").And.Contain("give a folder");
        provider.Started.Should().BeFalse();
    }

    private static Task RunAsync(string manifest, IPostgresProvider provider, string? reports = null) =>
        new RunPipeline(
            new RunOptions { ManifestPath = manifest, Scenarios = ["all"], ReportsRoot = reports ?? Path.Combine(Path.GetTempPath(), "harness-preflight-reports") },
            new Progress<string>())
        .RunAsync(provider, Token);

    /// <summary>The sample's tenancy with credentials and endpoints, plus <paramref name="extra"/> sections.</summary>
    private static async Task<string> ManifestAsync(string extra, string? openApi = null)
    {
        var folder = Directory.CreateTempSubdirectory("harness-preflight-").FullName;
        if (openApi is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "openapi.yaml"), openApi, Token);
        }

        var endpoints = openApi is null ? "endpoints:\n  routes: [\"GET /sites/{siteId}\"]\n" : "endpoints:\n  openapi: openapi.yaml\n";
        var manifest = Path.Combine(folder, "harness.yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            version: 1
            tenancy:
              key: company_id
              root: companies
              membership: users
              global: [industries]
              context:
                setting: app.company_id
            database:
              appRole: sample_app
              appPassword: sample_app
            migrations:
              sqlFolder: {{RepositoryPaths.SampleMigrations}}
            credentials:
              jwt: { signingKey: "test-key-test-key-test-key-test-key", claims: { sub: "{userId}" } }

            """ + endpoints + extra, Token);
        return manifest;
    }

    /// <summary>Records whether a run asked for a server; never starts one.</summary>
    private sealed class RecordingProvider : IPostgresProvider
    {
        public bool Started { get; private set; }

        public string Name => "recording";

        public Task<IPostgresServer> StartAsync(CancellationToken cancellationToken = default)
        {
            Started = true;
            throw new InvalidOperationException("the preflight should have refused the run before a server was asked for");
        }
    }
}

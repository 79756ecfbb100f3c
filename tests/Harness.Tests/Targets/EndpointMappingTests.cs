using FluentAssertions;
using Harness.Manifest;
using Harness.Model;
using Harness.Targets;
using Harness.Targets.Endpoints;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Targets;

/// <summary>Endpoints from an OpenAPI document and the manifest: kinds inferred, path parameters mapped to the sample's tables by name or explicitly.</summary>
public sealed class EndpointMappingTests(PostgresFixture postgres)
{
    private const string OpenApi = """
        {
          "openapi": "3.0.1",
          "info": { "title": "sample", "version": "1" },
          "security": [ { "bearer": [] } ],
          "components": { "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } } },
          "paths": {
            "/health": { "get": { "security": [], "responses": { "200": { "description": "ok" } } } },
            "/sites": {
              "get": { "responses": { "200": { "description": "sites", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } } } },
              "post": { "responses": { "201": { "description": "created" } } }
            },
            "/sites/{siteId}": {
              "parameters": [ { "name": "siteId", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } } ],
              "get": { "responses": { "200": { "description": "a site" } } },
              "put": { "responses": { "200": { "description": "updated" } } },
              "delete": { "responses": { "204": { "description": "deleted" } } }
            },
            "/sites/{siteId}/sign-ins": {
              "parameters": [ { "name": "siteId", "in": "path", "required": true, "schema": { "type": "string" } } ],
              "get": { "responses": { "200": { "description": "sign-ins" } } },
              "post": { "responses": { "201": { "description": "created" } } }
            },
            "/sign-ins/{signInId}": { "get": { "parameters": [ { "name": "signInId", "in": "path", "required": true, "schema": { "type": "string" } } ], "responses": { "200": { "description": "one" } } } },
            "/documents/{id}": { "get": { "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ], "responses": { "200": { "description": "one" } } } },
            "/records/{recordId}": { "get": { "parameters": [ { "name": "recordId", "in": "path", "required": true, "schema": { "type": "string" } } ], "responses": { "200": { "description": "one" } } } },
            "/industries/{industryId}": { "get": { "parameters": [ { "name": "industryId", "in": "path", "required": true, "schema": { "type": "integer" } } ], "responses": { "200": { "description": "one" } } } },
            "/search/sites": { "get": { "parameters": [ { "name": "q", "in": "query", "required": true, "schema": { "type": "string" } } ], "responses": { "200": { "description": "hits" } } } },
            "/reports/sign-ins": { "get": { "responses": { "200": { "description": "csv", "content": { "text/csv": { "schema": { "type": "string" } } } } } } }
          }
        }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_openapi_document_gives_every_operation_with_its_kind_and_tables()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "endpoints", cancellationToken: Token);
        var section = new EndpointsSection { Parameters = new Dictionary<string, string> { ["recordId"] = "inductions" } };

        var resolution = EndpointResolver.Resolve(section, OpenApiRoutes.Parse(OpenApi, "openapi.json"), sample.Model, sample.Catalog);

        var endpoints = resolution.Endpoints.ToDictionary(e => e.Route);
        endpoints.Keys.Should().BeEquivalentTo(
            "GET /health", "GET /sites", "POST /sites", "GET /sites/{siteId}", "PUT /sites/{siteId}", "DELETE /sites/{siteId}",
            "GET /sites/{siteId}/sign-ins", "POST /sites/{siteId}/sign-ins", "GET /sign-ins/{signInId}", "GET /documents/{id}",
            "GET /records/{recordId}", "GET /search/sites", "GET /reports/sign-ins");
        endpoints["GET /health"].Kind.Should().Be(EndpointKind.Public, "security: [] makes an operation public");
        endpoints["GET /sites"].Kind.Should().Be(EndpointKind.List);
        endpoints["GET /search/sites"].Kind.Should().Be(EndpointKind.Search);
        endpoints["GET /search/sites"].Query.Should().Be("q={canaryPrefix}", "a required query parameter searches for the canaries");
        endpoints["GET /reports/sign-ins"].Kind.Should().Be(EndpointKind.Export, "it answers text/csv");
        endpoints["POST /sites"].Should().Match<Endpoint>(e => e.Kind == EndpointKind.Create && e.Creates == new TableName("sites"));
        endpoints["POST /sites/{siteId}/sign-ins"].Creates.Should().Be(new TableName("sign_ins"));
        Mapping(endpoints["GET /sites/{siteId}"]).Should().Equal("siteId -> sites.id");
        Mapping(endpoints["GET /sites/{siteId}/sign-ins"]).Should().Equal("siteId -> sites.id");
        endpoints["GET /sites/{siteId}/sign-ins"].Kind.Should().Be(EndpointKind.List, "a GET ending in a literal after a parameter lists under that parent");
        Mapping(endpoints["GET /sign-ins/{signInId}"]).Should().Equal("signInId -> sign_ins.id");
        Mapping(endpoints["GET /documents/{id}"]).Should().Equal("id -> contractor_documents.id");
        Mapping(endpoints["GET /records/{recordId}"]).Should().Equal("recordId -> inductions.id");
        endpoints["DELETE /sites/{siteId}"].Kind.Should().Be(EndpointKind.Resource);
        resolution.NotTenantScoped.Should().ContainSingle().Which.Should().StartWith("GET /industries/{industryId}: {industryId} names industries, which is not a tenant table");
    }

    [Fact]
    public async Task A_listed_route_overrides_the_documents_and_skip_leaves_one_out()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "endpoints", cancellationToken: Token);
        var section = new EndpointsSection
        {
            Routes = [new RouteSection { Method = "GET", Path = "/sites", Kind = EndpointKind.Public }, new RouteSection { Method = "GET", Path = "/sites/{site:guid}/sign-ins" }],
            Parameters = new Dictionary<string, string> { ["recordId"] = "inductions.site_id", ["site"] = "sites" },
            Skip = ["GET /industries/{industryId}", "GET /sites/{siteId}/sign-ins"],
        };

        var resolution = EndpointResolver.Resolve(section, OpenApiRoutes.Parse(OpenApi, "openapi.json"), sample.Model, sample.Catalog);

        var endpoints = resolution.Endpoints.ToDictionary(e => e.Route);
        endpoints["GET /sites"].Kind.Should().Be(EndpointKind.Public);
        Mapping(endpoints["GET /records/{recordId}"]).Should().Equal("recordId -> inductions.site_id");
        Mapping(endpoints["GET /sites/{site}/sign-ins"]).Should().Equal("site -> sites.id");
        endpoints.Should().NotContainKey("GET /sites/{siteId}/sign-ins");
        resolution.NotTenantScoped.Should().BeEmpty();
    }

    [Fact]
    public async Task A_parameter_that_names_no_table_is_an_error_that_says_how_to_map_it()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "endpoints", cancellationToken: Token);
        var section = new EndpointsSection { Routes = [new RouteSection { Method = "GET", Path = "/widgets/{widgetId}", Source = "harness.yaml:40:7" }] };

        var act = () => EndpointResolver.Resolve(section, [], sample.Model, sample.Catalog);

        act.Should().Throw<TargetConfigurationException>().WithMessage(
            "GET /widgets/{widgetId} (harness.yaml:40:7): path parameter {widgetId} names no table; map it in endpoints.parameters (widgetId: <table> or <table>.<column>)*");
    }

    [Fact]
    public async Task A_list_under_an_unknown_placeholder_is_an_error_at_its_position_and_known_placeholders_map_to_the_tenant()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "endpoints", cancellationToken: Token);
        var unknown = new EndpointsSection { Routes = [new RouteSection { Method = "GET", Path = "/projects/{projectId}/tasks", Kind = EndpointKind.List, Source = "harness.yaml:41:7" }] };
        var known = new EndpointsSection { Routes = [new RouteSection { Method = "GET", Path = "/tenants/{tenantId}/sites", Source = "harness.yaml:42:7" }] };

        var act = () => EndpointResolver.Resolve(unknown, [], sample.Model, sample.Catalog);
        var resolved = EndpointResolver.Resolve(known, [], sample.Model, sample.Catalog).Endpoints.Single();

        act.Should().Throw<TargetConfigurationException>().WithMessage("GET /projects/{projectId}/tasks (harness.yaml:41:7): path parameter {projectId} names no table*");
        resolved.Kind.Should().Be(EndpointKind.List);
        Mapping(resolved).Should().Equal("tenantId -> companies.id");
    }

    [Fact]
    public void A_yaml_openapi_document_reads_like_json()
    {
        var routes = OpenApiRoutes.Parse(
            "openapi: 3.0.1\ninfo: { title: t, version: '1' }\npaths:\n  /sites/{siteId}:\n    get:\n      parameters:\n        - { name: siteId, in: path, required: true, schema: { type: string } }\n      responses: { '200': { description: ok } }\n",
            "openapi.yaml");

        routes.Should().ContainSingle().Which.Should().Match<RouteSection>(r => r.Method == "GET" && r.Path == "/sites/{siteId}");
    }

    [Theory]
    [InlineData("siteId", "/sites/{siteId}", "sites")]
    [InlineData("signInId", "/sign-ins/{signInId}", "sign_ins")]
    [InlineData("id", "/sign-ins/{id}", "sign_ins")]
    [InlineData("documentId", "/documents/{documentId}", "contractor_documents")]
    [InlineData("company_id", "/companies/{company_id}", "companies")]
    public void Parameter_names_map_to_tables(string parameter, string path, string table)
    {
        var tables = new[] { "companies", "users", "sites", "sign_ins", "inductions", "contractor_documents", "exports" }.Select(t => new TableName(t));

        TableMatcher.Match(TableMatcher.WordOf(parameter, path)!, tables).Should().Be(new TableName(table));
    }

    private static IEnumerable<string> Mapping(Endpoint endpoint) => endpoint.Parameters.Select(p => $"{p.Name} -> {p.Table}.{p.Column}");
}

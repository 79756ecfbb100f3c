using System.Net;
using System.Text;
using FluentAssertions;
using Harness.Catalog;
using Harness.Init;
using Harness.Model;
using Harness.Processes;

namespace Harness.Tests.Init;

/// <summary>Reading OpenAPI documents and mapping their path parameters to tables by name.</summary>
public sealed class OpenApiMappingTests
{
    private const string YamlDocument = """
        openapi: 3.0.3
        info: { title: Sites, version: "1" }
        paths:
          /sites/{siteId}:
            parameters:
              - { name: siteId, in: path, required: true, schema: { type: string } }
            get: { operationId: getSite, responses: { "200": { description: ok } } }
            put: { responses: { "200": { description: ok } } }
          /sign-ins/{id}:
            delete:
              parameters: [ { name: id, in: path, required: true } ]
              responses: { "204": { description: gone } }
        """;

    private static readonly CatalogSnapshot Catalog = new(
        "app",
        [
            Table("companies", ["id"], "id", "name", "slug"),
            Table("sites", ["company_id", "id"], "company_id", "id", "name"),
            Table("sign_ins", ["company_id", "id"], "company_id", "id", "site_id"),
            Table("contractor_documents", ["company_id", "id"], "company_id", "id", "file_name"),
            Table("industries", ["id"], "id", "name"),
        ],
        [],
        [],
        null);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/sites/{siteId}", "siteId", "sites", true)]
    [InlineData("/sites/{site_id}", "site_id", "sites", true)]
    [InlineData("/companies/{companyId}/sites/{siteID}", "siteID", "sites", true)]
    [InlineData("/companies/{companyId}/sites/{siteId}", "companyId", "companies", true)]
    [InlineData("/sites/{id}", "id", "sites", false)]
    [InlineData("/sign-ins/{id}", "id", "sign_ins", false)]
    [InlineData("/signIns/{signInId}", "signInId", "sign_ins", true)]
    [InlineData("/companies/{slug}", "slug", "companies.slug", false)]
    [InlineData("/documents/{documentId}", "documentId", "contractor_documents", true)]
    [InlineData("/contractor-documents/{id}", "id", "contractor_documents", false)]
    [InlineData("/industries/{industryId}", "industryId", "industries", true)]
    public void Path_parameters_map_to_tables_by_name_or_by_the_segment_before_them(string path, string parameter, string target, bool byName)
    {
        var mapping = EndpointMapper.MapParameter(path, parameter, Catalog, "company_id");

        mapping.Target.Should().Be(target, mapping.Reason);
        mapping.ByName.Should().Be(byName);
    }

    [Theory]
    [InlineData("/widgets/{widgetId}", "widgetId", "no table named like 'widget' or 'widgets'")]
    [InlineData("/{id}", "id", "no table named like 'id'")]
    [InlineData("/sites/{siteId}/search/{term}", "term", "no table named like 'term' or 'search'")]
    public void A_parameter_that_names_no_table_is_left_unmapped_with_the_reason(string path, string parameter, string reason)
    {
        var mapping = EndpointMapper.MapParameter(path, parameter, Catalog, "company_id");

        mapping.Table.Should().BeNull();
        mapping.Reason.Should().Be(reason);
    }

    [Fact]
    public void A_yaml_document_lists_its_operations_with_path_level_and_operation_level_parameters()
    {
        var document = OpenApiOperations.Parse(YamlDocument, "openapi.yaml");

        document.Title.Should().Be("Sites");
        document.Operations.Should().BeEquivalentTo(
            [
                new ApiOperation("DELETE", "/sign-ins/{id}", null, ["id"]),
                new ApiOperation("GET", "/sites/{siteId}", "getSite", ["siteId"]),
                new ApiOperation("PUT", "/sites/{siteId}", null, ["siteId"]),
            ],
            options => options.WithStrictOrdering());
    }

    [Fact]
    public void Something_that_is_not_openapi_is_refused_with_what_the_reader_said()
    {
        var act = () => OpenApiOperations.Parse("{\"hello\": \"world\"}", "hello.json");

        act.Should().Throw<InitException>().WithMessage("'hello.json' is not an OpenAPI document: *");
    }

    [Fact]
    public async Task A_missing_file_says_what_openapi_takes()
    {
        var act = () => OpenApiOperations.LoadAsync("/nonexistent/openapi.json", Token);

        (await act.Should().ThrowAsync<InitException>()).Which.Message.Should()
            .Be("OpenAPI document '/nonexistent/openapi.json' not found; --openapi takes a file path or an http(s) URL");
    }

    [Fact]
    public async Task A_document_is_fetched_from_a_loopback_url_and_a_missing_one_gives_the_status()
    {
        var port = FreePort.Pick();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                var found = context.Request.Url!.AbsolutePath == "/openapi.yaml";
                context.Response.StatusCode = found ? 200 : 404;
                var body = Encoding.UTF8.GetBytes(found ? YamlDocument : "not here");
                await context.Response.OutputStream.WriteAsync(body, Token);
                context.Response.Close();
            }
        }, Token);

        var document = await OpenApiOperations.LoadAsync($"http://127.0.0.1:{port}/openapi.yaml", Token);
        var missing = () => OpenApiOperations.LoadAsync($"http://127.0.0.1:{port}/nope.json", Token);

        document.Operations.Should().HaveCount(3);
        (await missing.Should().ThrowAsync<InitException>()).Which.Message.Should().Contain("HTTP 404");
        await serving;
    }

    [Theory]
    [InlineData("siteId", "site_id")]
    [InlineData("SignInID", "sign_in_id")]
    [InlineData("sign-ins", "sign_ins")]
    [InlineData("HTTPServerId", "http_server_id")]
    [InlineData("site_id", "site_id")]
    public void Names_become_snake_case(string name, string snake) =>
        EndpointMapper.ToSnake(name).Should().Be(snake);

    private static TableInfo Table(string name, string[] primaryKey, params string[] columns) => new(
        new TableName(name),
        "owner",
        true,
        true,
        [.. columns.Select((c, i) => new ColumnInfo(c, i + 1, "text", "text", true, false, false, false, [], null))],
        primaryKey,
        [],
        [],
        []);
}

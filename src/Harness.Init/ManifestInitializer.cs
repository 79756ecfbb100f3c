using Harness.Runner;
using System.Text;
using Harness.Manifest;
using Harness.Migrations;

namespace Harness.Init;

/// <summary>The inputs of <c>harness init</c>.</summary>
public sealed record InitOptions
{
    /// <summary>The database to inspect (Npgsql key=value form or a postgres:// URI); read-only.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The schema holding the app's tables; null for the session's current schema (the first of its search path).</summary>
    public string? Schema { get; init; }

    /// <summary>An OpenAPI document: a file path or an http(s) URL.</summary>
    public string? OpenApi { get; init; }

    public string OutputPath { get; init; } = "harness.yaml";

    /// <summary>Overwrite an existing output file.</summary>
    public bool Force { get; init; }

    /// <summary>The tenant key column, when the candidates by name do not have it or rank it lower.</summary>
    public string? TenantKey { get; init; }

    /// <summary>
    /// The app's folder of SQL migrations, if any: when they name schemas (<c>create table auth.users</c>), the manifest
    /// gets <c>database.isolation: database</c>.
    /// </summary>
    public string? MigrationsFolder { get; init; }
}

/// <param name="Todos">How many <c>TODO</c> markers the manifest has.</param>
public sealed record InitResult(string OutputPath, DatabaseInspection Inspection, InferredTenancy Tenancy, OpenApiOperations? OpenApi, string Text, int Todos);

/// <summary>
/// <c>harness init</c>: inspects a database read-only, infers the tenancy, optionally reads an OpenAPI document, and
/// writes a commented manifest that loads as written. Never overwrites a file unless told to.
/// </summary>
public static class ManifestInitializer
{
    public const string SchemaFileName = "harness.schema.json";

    public static async Task<InitResult> RunAsync(InitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var output = Path.GetFullPath(options.OutputPath);
        if (Directory.Exists(output))
        {
            throw new InitException($"{output} is a folder; --output takes a file path, e.g. {Path.Combine(output, "harness.yaml")}") { Option = "--output" };
        }

        if (File.Exists(output) && !options.Force)
        {
            throw new InitException($"{output} already exists; pass --force to overwrite it (nothing was written)") { Option = "--force" };
        }

        var inspection = await DatabaseInspection.ReadAsync(options.ConnectionString, options.Schema, cancellationToken);
        var tenancy = TenancyInference.Infer(inspection, options.TenantKey);
        OpenApiOperations? openApi = null;
        IReadOnlyList<MappedOperation>? endpoints = null;
        if (options.OpenApi is { } location)
        {
            openApi = await OpenApiOperations.LoadAsync(location, cancellationToken);
            endpoints = EndpointMapper.Map(openApi.Operations, inspection.Catalog, tenancy.Key.Column);
        }

        var folder = Path.GetDirectoryName(output) ?? ".";
        var (reference, note) = SchemaReference(folder);
        var openApiReference = options.OpenApi is { } file && File.Exists(file)
            ? Path.GetRelativePath(folder, Path.GetFullPath(file)).Replace('\\', '/')
            : null;
        var schemaReferences = options.MigrationsFolder is { } migrations ? SchemaReferenceScanner.ScanFolder(migrations) : [];
        var text = ManifestWriter.Write(new ManifestDraft(
            inspection, tenancy, NameFor(folder), reference, note, openApi, endpoints, openApiReference)
        {
            SchemaReferences = schemaReferences,
            MigrationsReference = options.MigrationsFolder is { } used ? Path.GetRelativePath(folder, Path.GetFullPath(used)).Replace('\\', '/') : null,
        });
        try
        {
            ScenarioRegistry.Default.ParseManifest(text, output);
        }
        catch (ManifestException e)
        {
            throw new InitException(
                $"the manifest inferred from schema '{inspection.Schema}' does not load ({e.Problem} at line {e.Line}); " +
                "init wrote something its own loader refuses, which is a bug in init: report it with the schema. Nothing was written", e);
        }

        Directory.CreateDirectory(folder);
        try
        {
            await using var stream = new FileStream(output, options.Force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken);
        }
        catch (IOException e) when (!options.Force && File.Exists(output))
        {
            throw new InitException($"{output} already exists; pass --force to overwrite it (nothing was written)", e) { Option = "--force" };
        }

        var todos = text.Split('\n').Count(l => l.Contains("TODO", StringComparison.Ordinal));
        return new InitResult(output, inspection, tenancy, openApi, text, todos);
    }

    /// <summary>
    /// The modeline's <c>$schema</c>: the harness's <c>schema/harness.schema.json</c>, found above the harness binaries
    /// or the current folder, relative to the manifest's folder; or a placeholder with a note when it is not found.
    /// </summary>
    internal static (string Reference, string? Note) SchemaReference(string manifestFolder)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, manifestFolder })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "schema", SchemaFileName), Path.Combine(dir.FullName, SchemaFileName) })
                {
                    if (File.Exists(candidate))
                    {
                        return (Path.GetRelativePath(manifestFolder, candidate).Replace('\\', '/'), null);
                    }
                }
            }
        }

        return (SchemaFileName,
            $"TODO (optional): {SchemaFileName} was not found next to this harness; for editor completion, copy schema/{SchemaFileName} from the harness repository beside this file");
    }

    private static string NameFor(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        return string.IsNullOrWhiteSpace(name) ? "target" : name;
    }
}

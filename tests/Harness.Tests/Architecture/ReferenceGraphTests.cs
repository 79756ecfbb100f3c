using System.Xml.Linq;
using FluentAssertions;
using Harness.Manifest;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Architecture;

/// <summary>
/// The projects under src/ form layers (docs/architecture.md): a project references only projects of lower layers, so
/// the graph is acyclic, and the core stays free of HTTP, containers, families and test frameworks.
/// </summary>
public sealed class ReferenceGraphTests
{
    /// <summary>Each src/ project and its layer; a new project must be placed here (and in docs/architecture.md).</summary>
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Harness"] = 0,
        ["Seeders"] = 1,
        ["Harness.Targets"] = 1,
        ["Harness.Testcontainers"] = 1,
        ["Harness.Load"] = 1,
        ["Harness.Chaos"] = 1,
        ["Scenarios"] = 2,
        ["Harness.AspNetCore"] = 2,
        ["Harness.Runner"] = 3,
        ["Harness.Init"] = 4,
        ["Harness.Xunit"] = 4,
        ["Harness.Drills"] = 4,
        ["Harness.Cli"] = 5,
    };

    [Fact]
    public void Every_project_references_only_projects_of_lower_layers()
    {
        var projects = SourceProjects();

        projects.Keys.Should().BeEquivalentTo(Layers.Keys, "every project under src/ has a layer");
        foreach (var (name, project) in projects)
        {
            foreach (var reference in ProjectReferences(project))
            {
                Layers[reference].Should().BeLessThan(Layers[name], "{0} (layer {1}) may not reference {2} (layer {3})", name, Layers[name], reference, Layers[reference]);
            }
        }
    }

    [Fact]
    public void The_core_references_no_project_and_only_database_and_manifest_packages()
    {
        var core = SourceProjects()["Harness"];

        ProjectReferences(core).Should().BeEmpty();
        core.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).Should().BeEquivalentTo("Npgsql", "Respawn", "YamlDotNet");
        core.Descendants("FrameworkReference").Should().BeEmpty();
    }

    [Fact]
    public void The_compiled_core_uses_nothing_http_nor_any_other_harness_assembly()
    {
        var core = typeof(HarnessManifest).Assembly;

        core.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(name =>
            name!.StartsWith("Harness.", StringComparison.Ordinal)
            || name.StartsWith("System.Net.Http", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal)
            || name.StartsWith("Testcontainers", StringComparison.Ordinal)
            || name.StartsWith("xunit", StringComparison.Ordinal));
    }

    private static Dictionary<string, XDocument> SourceProjects() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => XDocument.Load(p), StringComparer.Ordinal);

    private static IEnumerable<string> ProjectReferences(XDocument project) =>
        project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string)r.Attribute("Include")!).Replace('\\', '/')));
}

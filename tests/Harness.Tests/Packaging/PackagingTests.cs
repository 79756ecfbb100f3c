using System.Diagnostics;
using System.Xml.Linq;
using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Packaging;

/// <summary>
/// The libraries pack as NuGet packages with real metadata, each depending on the packages of the projects it references,
/// and the CLI packs as a dotnet tool that installs from the folder feed alone and runs (README "Install as packages").
/// </summary>
public sealed class PackagingTests(PackedPackages packed) : IClassFixture<PackedPackages>
{
    /// <summary>The packages a user installs: the gate, its in-process host, the Docker provider, what they build on, and the tool.</summary>
    private static readonly string[] Expected =
    [
        "Harness.Core", "Harness.Seeders", "Harness.Targets", "Harness.Load", "Harness.Chaos", "Harness.Testcontainers", "Harness.Scenarios",
        "Harness.AspNetCore", "Harness.Runner", "Harness.Xunit", "Harness.Drills", ToolId,
    ];

    private const string ToolId = "harness";

    [Fact]
    public void Packing_the_solution_writes_each_package_and_its_symbols_and_nothing_else()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"dotnet pack took {packed.PackDuration.TotalSeconds:F1}s");
        packed.Pack.ExitCode.Should().Be(0, packed.Pack.ToString());

        var files = Directory.EnumerateFiles(packed.Feed).Select(Path.GetFileName).ToList();
        files.Should().BeEquivalentTo(Expected.SelectMany(id => new[] { $"{id}.{packed.Version}.nupkg", $"{id}.{packed.Version}.snupkg" }),
            "every package and its symbols, and no test project, fixture or internal project ({0})", string.Join(", ", files));
    }

    [Fact]
    public void Every_package_carries_the_shared_metadata_a_licence_and_its_own_readme()
    {
        foreach (var id in Expected)
        {
            var metadata = Metadata(id);

            Value(metadata, "id").Should().Be(id);
            Value(metadata, "version").Should().Be(packed.Version, "the version is set once, in Directory.Build.props");
            Value(metadata, "authors").Should().Be("Harness maintainers");
            Value(metadata, "description").Should().NotBeNullOrWhiteSpace().And.NotBe("Package Description", "{0} describes itself", id);
            Value(metadata, "tags").Should().Contain("tenant-isolation");
            var licence = metadata.Elements().Single(e => e.Name.LocalName == "license");
            ((string?)licence.Attribute("type")).Should().Be("expression");
            licence.Value.Should().Be("MIT");
            Value(metadata, "readme").Should().Be("README.md");
            packed.Entries(id).Should().Contain("README.md", "{0} ships the readme its nuspec names", id);
        }

        File.Exists(Path.Combine(RepositoryPaths.Root, "LICENSE")).Should().BeTrue("the MIT licence the packages declare is in the repository");
    }

    [Fact]
    public void Each_library_package_depends_on_the_packages_of_the_projects_it_references()
    {
        var projects = SourceProjects();
        foreach (var project in projects.Values.Where(p => p.IsPackable && !p.IsTool))
        {
            var expected = project.References.Select(name =>
            {
                projects[name].IsPackable.Should().BeTrue("{0} is packed and references {1}, so {1} must be packed too", project.PackageId, name);
                return projects[name].PackageId;
            });

            var ours = Dependencies(project.PackageId).Where(d => Expected.Contains(d.Id, StringComparer.OrdinalIgnoreCase)).ToList();

            ours.Select(d => d.Id).Should().BeEquivalentTo(expected, "{0}'s dependencies among our packages", project.PackageId);
            ours.Where(d => d.Version != packed.Version).Should().BeEmpty("our packages depend on each other at the same version");
        }
    }

    [Fact]
    public async Task The_tool_installs_from_the_folder_feed_and_lists_its_commands()
    {
        var metadata = Metadata(ToolId);
        metadata.Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => (string?)e.Attribute("name")).Should().Equal("DotnetTool");
        Dependencies(ToolId).Should().BeEmpty("a tool package carries its dependencies, so installing it needs only our feed");

        var cancellationToken = TestContext.Current.CancellationToken;
        var tools = Path.Combine(packed.Scratch, "tools");
        var clock = Stopwatch.StartNew();
        var install = await PackedPackages.DotnetAsync(
            // The machine's sources stay (a user's would); one that cannot be reached must not fail an install that needs only the feed.
            ["tool", "install", "--tool-path", tools, "--add-source", packed.Feed, "--ignore-failed-sources", ToolId, "--version", packed.Version],
            packed.Scratch, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"dotnet tool install took {clock.Elapsed.TotalSeconds:F1}s");
        install.ExitCode.Should().Be(0, install.ToString());

        var help = await CliProcess.RunAsync(Path.Combine(tools, "harness"), ["--help"], packed.Scratch, null, cancellationToken);

        help.ExitCode.Should().Be(0, help.ToString());
        help.Stdout.Should().Contain("Commands:");
        foreach (var command in new[] { "run", "audit", "collect", "init", "report" })
        {
            help.Stdout.Should().MatchRegex($@"(?m)^\s+{command}\s", "the installed tool lists the {0} command", command);
        }

        var built = await CliProcess.HarnessAsync(["--help"], cancellationToken: cancellationToken);
        help.Stdout.Should().Be(built.Stdout, "the installed tool is the CLI these tests were built with");
    }

    private XElement Metadata(string id)
    {
        var nuspec = packed.Nuspec(id);
        nuspec.Should().NotBeNull("{0}.{1}.nupkg is in the feed ({2})", id, packed.Version, packed.Pack);
        return nuspec!.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private IReadOnlyList<(string Id, string Version)> Dependencies(string id) =>
        [.. Metadata(id).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(d => ((string)d.Attribute("id")!, (string)d.Attribute("version")!))];

    private sealed record SourceProject(string Name, string PackageId, bool IsPackable, bool IsTool, IReadOnlyList<string> References);

    /// <summary>The src/ projects by file name, with what their csproj says about packing (Directory.Build.props defaults to not packable).</summary>
    private static Dictionary<string, SourceProject> SourceProjects() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(path =>
            {
                var project = XDocument.Load(path);
                string? Property(string name) => project.Descendants(name).LastOrDefault()?.Value;
                var name = Path.GetFileNameWithoutExtension(path);
                return new SourceProject(
                    name,
                    Property("PackageId") ?? Property("AssemblyName") ?? name,
                    string.Equals(Property("IsPackable"), "true", StringComparison.OrdinalIgnoreCase),
                    string.Equals(Property("PackAsTool"), "true", StringComparison.OrdinalIgnoreCase),
                    [.. project.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(((string)r.Attribute("Include")!).Replace('\\', '/')))]);
            })
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
}

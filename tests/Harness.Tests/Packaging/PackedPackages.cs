using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Packaging;

/// <summary>
/// The solution packed once into a temporary feed folder, as scripts/pack.sh packs it into artifacts/packages, for
/// every test of <see cref="PackagingTests"/>. It packs what the tests themselves were built from (no rebuild, so it
/// never writes over binaries another test is running), in the same configuration.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);

    /// <summary>A scratch folder holding the feed and, later, installed tools; removed with the fixture.</summary>
    public string Scratch { get; } = Path.Combine(Path.GetTempPath(), "harness-pack-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The folder the packages were written to: a local NuGet feed.</summary>
    public string Feed => Path.Combine(Scratch, "feed");

    /// <summary>The version every package must carry: the one set in Directory.Build.props.</summary>
    public string Version { get; } = ReadVersion();

    /// <summary>What <c>dotnet pack</c> printed and returned.</summary>
    public CliProcess.Result Pack { get; private set; } = new(-1, "", "");

    /// <summary>How long the pack took (reported by the tests, to keep an eye on CI's time budget).</summary>
    public TimeSpan PackDuration { get; private set; }

    /// <summary>The build configuration of these tests (bin/&lt;configuration&gt;/net10.0): the one packed.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        using var timeout = new CancellationTokenSource(PackTimeout);
        var clock = Stopwatch.StartNew();
        Pack = await DotnetAsync(
            ["pack", Path.Combine(RepositoryPaths.Root, "Harness.sln"), "-c", Configuration, "--no-build", "--no-restore", "--nologo",
             "-v", "quiet", "--disable-build-servers", $"-p:PackageOutputPath={Feed}"],
            RepositoryPaths.Root, timeout.Token);
        PackDuration = clock.Elapsed;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // A tool still being unloaded: the temp folder is the system's to clean.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs the dotnet CLI as a user would, without the telemetry banner.</summary>
    public static Task<CliProcess.Result> DotnetAsync(IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        CliProcess.RunAsync("dotnet", arguments, workingDirectory, new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        }, cancellationToken);

    /// <summary>The .nuspec of a package in the feed, or null when the package is not there.</summary>
    public XDocument? Nuspec(string id)
    {
        var path = Path.Combine(Feed, $"{id}.{Version}.nupkg");
        if (!File.Exists(path))
        {
            return null;
        }

        using var package = ZipFile.OpenRead(path);
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The file names inside a package.</summary>
    public IReadOnlyList<string> Entries(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(Feed, $"{id}.{Version}.nupkg"));
        return [.. package.Entries.Select(e => e.FullName)];
    }

    private static string ReadVersion()
    {
        var props = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"));
        return props.Descendants("Version").Single().Value;
    }
}

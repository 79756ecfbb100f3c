using FluentAssertions;
using Harness.Tests.Audit;
using Harness.Tests.Infrastructure;
using Harness.Tests.Rls;

namespace Harness.Tests;

/// <summary>Every planted flaw of the sample is found by at least one detector's test: the catalog audit's or the RLS matrix's.</summary>
public sealed class FlawCoverageTests
{
    private static IEnumerable<string> FlawFiles =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.SampleTarget, "flaws"), "*.sql").Select(f => Path.GetFileNameWithoutExtension(f)!);

    [Fact]
    public void Every_flaw_file_is_covered_by_the_audit_or_the_rls_matrix()
    {
        var covered = CatalogAuditSampleTests.CoveredFlaws.Union(RlsMatrixSampleTests.CoveredFlaws, StringComparer.Ordinal);

        FlawFiles.Should().BeSubsetOf(covered, "a new planted flaw must get an expected finding in the audit's or the matrix's theory");
    }

    [Fact]
    public void Every_covered_flaw_has_a_file()
    {
        var files = FlawFiles.ToList();

        CatalogAuditSampleTests.CoveredFlaws.Should().BeSubsetOf(files);
        RlsMatrixSampleTests.CoveredFlaws.Should().BeSubsetOf(files);
    }

    [Fact]
    public async Task Every_flaw_file_starts_with_a_one_line_planted_flaw_comment()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.SampleTarget, "flaws"), "*.sql"))
        {
            var first = (await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken))[0];
            first.Should().StartWith("-- Planted flaw: ", file);
        }
    }
}

using System.Text.Json.Nodes;
using FluentAssertions;
using Harness.Manifest;
using Harness.Reporting;
using Harness.Runner;

namespace Harness.Tests.Reporting.Grouping;

/// <summary>SARIF points each group at the manifest entry or migration statement that defines its subject, never blindly at line 1.</summary>
public sealed class FindingLocatorTests : IDisposable
{
    private const string Manifest = """
        # ledger app
        version: 1

        tenancy:
          key: org_id
          root: orgs
          global:
            - currencies
          context:
            setting: app.org_id

        database:
          appRole: ledger_app

        migrations:
          sqlFolder: db/migrations

        endpoints:
          routes:
            - GET /orgs/{orgId}
            - GET /ledgers/{ledgerId}
            - { method: DELETE, path: "/ledgers/{ledgerId}" }
        """;

    private const string First = """
        -- orgs and ledgers
        CREATE TABLE orgs (id uuid PRIMARY KEY);

        CREATE TABLE IF NOT EXISTS "acct"."LedgerEntries" (
            id uuid PRIMARY KEY,
            org_id uuid NOT NULL
        );
        """;

    private const string Second = """
        /* policies; a ; in a comment and in 'a;literal' must not split statements */
        ALTER TABLE acct."LedgerEntries" ENABLE ROW LEVEL SECURITY;
        ALTER TABLE journals ENABLE ROW LEVEL SECURITY;

        CREATE POLICY entries_by_org ON acct."LedgerEntries"
            USING (org_id = current_setting('app.org_id')::uuid);

        CREATE OR REPLACE FUNCTION acct.post_entry(p_org uuid) RETURNS void
        LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; CREATE TABLE inside_body (x int); END $$;

        CREATE VIEW ledger_totals AS SELECT 1 AS total;
        """;

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("harness-locate-");

    public void Dispose() => root.Delete(recursive: true);

    [Theory]
    [InlineData("GET /ledgers/{ledgerId} read", "app/harness.yaml", 21)]
    [InlineData("DELETE /ledgers/{ledgerId} delete", "app/harness.yaml", 22)]
    [InlineData("orgs SELECT other-tenant", "app/harness.yaml", 6)]
    [InlineData("LedgerEntries SELECT other-tenant", "app/db/migrations/001_ledgers.sql", 4)]
    [InlineData("acct.\"LedgerEntries\"", "app/db/migrations/001_ledgers.sql", 4)]
    [InlineData("entries_by_org on LedgerEntries", "app/db/migrations/002_policies.sql", 5)]
    [InlineData("post_entry(uuid) EXECUTE other-tenant", "app/db/migrations/002_policies.sql", 8)]
    [InlineData("ledger_totals", "app/db/migrations/002_policies.sql", 11)]
    [InlineData("journals UPDATE none", "app/db/migrations/002_policies.sql", 3)]
    [InlineData("GET /unlisted read", "app/harness.yaml", 4)]
    [InlineData("inside_body", "app/harness.yaml", 4)]
    public async Task A_subject_is_located_at_its_manifest_entry_else_its_migration_else_the_tenancy_section(string subject, string uri, int line)
    {
        var locator = await LocatorAsync();

        locator.Locate(subject).Should().Be(new SourceLocation(uri, line));
    }

    [Fact]
    public async Task Sarif_results_carry_the_located_file_and_line()
    {
        var locator = await LocatorAsync();

        var sarif = JsonNode.Parse(SarifReportWriter.Render(PlantedFlawReports.Report(), locator))!;

        var results = sarif["runs"]![0]!["results"]!.AsArray();
        var read = results.Single(r => r!["ruleId"]!.GetValue<string>() == "IDR001")!["locations"]![0]!["physicalLocation"]!;
        read["artifactLocation"]!["uri"]!.GetValue<string>().Should().Be("app/harness.yaml");
        read["region"]!["startLine"]!.GetValue<int>().Should().Be(21);
        var table = results.Single(r => r!["ruleId"]!.GetValue<string>() == "RLS002")!["locations"]![0]!["physicalLocation"]!;
        table["artifactLocation"]!["uri"]!.GetValue<string>().Should().Be("app/harness.yaml", "ledger_entries is neither in the manifest nor in the migrations");
        table["region"]!["startLine"]!.GetValue<int>().Should().Be(4, "the tenancy section, not line 1");
        SarifReportWriterTests.AssertSchemaRequirements(sarif);
    }

    [Fact]
    public void The_manifest_records_the_line_of_sections_and_entries()
    {
        var manifest = ManifestLoader.Parse(
            "version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context: { setting: app.org_id }\ndatabase:\n  appRole: app\nseed:\n  rules:\n    journals.kind: { values: [a] }\n",
            Path.Combine(root.FullName, "harness.yaml"));

        manifest.Lines.SectionLine("tenancy").Should().Be(2);
        manifest.Lines.SectionLine("seed").Should().Be(8);
        manifest.Lines.EntryLine("orgs").Should().Be(4);
        manifest.Lines.EntryLine("journals").Should().Be(10);
        manifest.Lines.EntryLine("nowhere").Should().BeNull();
    }

    private async Task<FindingLocator> LocatorAsync()
    {
        var app = Directory.CreateDirectory(Path.Combine(root.FullName, "app"));
        var migrations = Directory.CreateDirectory(Path.Combine(app.FullName, "db", "migrations"));
        await File.WriteAllTextAsync(Path.Combine(migrations.FullName, "001_ledgers.sql"), First, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(migrations.FullName, "002_policies.sql"), Second, TestContext.Current.CancellationToken);
        var path = Path.Combine(app.FullName, "harness.yaml");
        await File.WriteAllTextAsync(path, Manifest, TestContext.Current.CancellationToken);
        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(path, TestContext.Current.CancellationToken);
        return FindingLocator.For(manifest, root.FullName);
    }
}

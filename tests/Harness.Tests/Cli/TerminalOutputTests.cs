using FluentAssertions;
using Harness.Cli.Terminal;
using Harness.Tests.Reporting;
using Spectre.Console.Testing;

namespace Harness.Tests.Cli;

/// <summary>Live status and colours on a terminal; the plain lines of today everywhere else.</summary>
public sealed class TerminalOutputTests
{
    [Theory]
    [InlineData(false, "xterm-256color", null, false, OutputStyle.Live)]
    [InlineData(false, null, null, false, OutputStyle.Live)]
    [InlineData(false, "xterm", "", false, OutputStyle.Live)]
    [InlineData(true, "xterm", null, false, OutputStyle.Plain)]
    [InlineData(false, "dumb", null, false, OutputStyle.Plain)]
    [InlineData(false, "xterm", "1", false, OutputStyle.Plain)]
    [InlineData(false, "xterm", null, true, OutputStyle.Plain)]
    public void Live_output_only_on_a_terminal_that_shows_it(bool redirected, string? term, string? noColor, bool plain, OutputStyle expected)
    {
        OutputStyles.Choose(redirected, term, noColor, plain).Should().Be(expected);
    }

    [Fact]
    public void The_phase_follows_the_pipeline_from_provisioning_to_the_scenarios()
    {
        var phase = new RunPhase();
        var texts = new List<string>();
        foreach (var line in new[]
        {
            "run abc123: target sample, seed 42, 12 tenants, scenarios audit,rls",
            "postgres: external 127.0.0.1:5432",
            "worker 0: migrations applied in schema h_abc123_w0",
            "seeded 1,200 rows",
            "seeded 12 tenants, 2400 rows per worker, 9 tenant tables",
            "audit: 40 checks, 40 probes, 0 findings (0.20s)",
            "rls: 100 probes without tenant context done, 50 to go",
            "rls: 30 checks, 150 probes, 1 findings (1.10s)",
        })
        {
            phase.Observe(line);
            texts.Add(phase.Text);
        }

        texts.Should().Equal(
            "provisioning PostgreSQL",
            "migrating",
            "seeding 12 tenants",
            "seeding 12 tenants: 1,200 rows",
            "scenarios: 0/2 done, running audit, rls",
            "scenarios: 1/2 done, running rls · audit: 40 checks, 40 probes, 0 findings (0.20s)",
            "scenarios: 1/2 done, running rls · rls: 100 probes without tenant context done, 50 to go",
            "scenarios: 2/2 done · rls: 30 checks, 150 probes, 1 findings (1.10s)");
    }

    [Fact]
    public async Task The_live_display_shows_each_phase_and_every_step_and_colours_the_verdict()
    {
        using var console = new TestConsole().Interactive().EmitAnsiSequences();
        var display = new LiveDisplay(console);

        var result = await display.RunAsync(progress =>
        {
            progress.Report("run abc123: target sample, seed 42, 12 tenants, scenarios audit");
            progress.Report("postgres: external 127.0.0.1:5432");
            progress.Report("worker 0: migrations applied in schema h_abc123_w0");
            progress.Report("seeded 12 tenants, 2400 rows per worker, 9 tenant tables");
            progress.Report("audit: 40 checks, 40 probes, 0 findings (0.20s)");
            return Task.FromResult(7);
        });
        var exitCode = display.PrintSummary(SampleReports.Failing(), null);

        result.Should().Be(7);
        exitCode.Should().Be(1);
        var output = console.Output;
        output.Should().Contain("provisioning PostgreSQL").And.Contain("migrating").And.Contain("seeding 12 tenants")
            .And.Contain("scenarios: 0/1 done").And.Contain("scenarios: 1/1 done");
        output.Should().Contain("postgres: external 127.0.0.1:5432").And.Contain("audit: 40 checks, 40 probes, 0 findings");
        output.Should().Contain("result: FAIL").And.Contain("\u001b[", "the verdict is coloured on a terminal");
    }

    [Theory]
    [InlineData("result: PASS: 3 checks", "[bold green]result: PASS: 3 checks[/]")]
    [InlineData("result: FAIL: 1 finding(s)", "[bold red]result: FAIL: 1 finding(s)[/]")]
    [InlineData("result: INCOMPLETE: no check ran", "[bold yellow]result: INCOMPLETE: no check ran[/]")]
    [InlineData("  CRITICAL AUD001 orders: [x]", "[red]  CRITICAL AUD001 orders: [[x]][/]")]
    [InlineData("  MEDIUM   AUD004 sites: no policy", "[yellow]  MEDIUM   AUD004 sites: no policy[/]")]
    [InlineData("something else", "something else")]
    public void Closing_lines_are_coloured_by_verdict_and_severity(string line, string markup)
    {
        SummaryColours.Markup(line).Should().Be(markup);
    }

    [Fact]
    public async Task The_plain_display_writes_todays_lines()
    {
        using var output = new StringWriter();
        var display = new PlainDisplay(output);

        await display.RunAsync(progress =>
        {
            progress.Report("postgres: external");
            return Task.FromResult(0);
        });
        display.PrintSummary(SampleReports.Clean(), null);

        output.ToString().Should().MatchRegex(@"^\[ *\d+\.\d\ds\] postgres: external\r?\n").And.Contain("result: PASS").And.NotContain("\u001b[");
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Reporting;

/// <summary>Writes the machine-readable report: summary, per-scenario checks, and every finding with its evidence.</summary>
public static class JsonReportWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken = default)
    {
        var verdict = RunVerdict.Of(report);
        var document = new
        {
            schemaVersion = 1,
            report.RunId,
            report.Target,
            report.Postgres,
            report.StartedAt,
            durationSeconds = Math.Round(report.Duration.TotalSeconds, 3),
            report.Seed,
            report.Tenants,
            report.SeededRows,
            failOn = report.FailOn,
            exitCode = verdict.ExitCode,
            summary = new
            {
                checks = verdict.Checks,
                probes = verdict.Probes,
                findings = report.Findings.Count(),
                gateFindings = verdict.GateFindings.Count,
                errors = report.Errors.Count(),
            },
            scenarios = report.Scenarios.Select(s => new
            {
                id = s.ScenarioId,
                error = s.Error,
                durationSeconds = Math.Round(s.Duration.TotalSeconds, 3),
                checks = s.Checks.Count,
                probes = s.Probes,
                passed = s.Checks.Count(c => c.Passed),

                // Every check with its findings, so shards' reports can be merged into one (harness report merge).
                checkResults = s.Checks.Select(c => new
                {
                    ruleId = c.Rule.Id,
                    rule = c.Rule.Title,
                    severity = c.Rule.Severity,
                    remediation = c.Rule.Remediation,
                    subject = c.Subject,
                    probes = c.Probes,
                    findings = c.Findings.Select(f => new
                    {
                        f.Subject,
                        f.Message,
                        f.Evidence,
                        f.Reproduction,
                        attacker = f.Tenants?.Attacker,
                        victim = f.Tenants?.Victim,
                    }),
                }),
            }),
            findings = report.Findings.Select(f => new
            {
                ruleId = f.Rule.Id,
                rule = f.Rule.Title,
                severity = f.Severity,
                f.Scenario,
                f.Subject,
                f.Message,
                f.Evidence,
                f.Reproduction,
                remediation = f.Rule.Remediation,
                attacker = f.Tenants?.Attacker,
                victim = f.Tenants?.Victim,
            }),
        };
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, Options, cancellationToken);
    }
}

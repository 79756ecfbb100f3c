using Harness.Reporting;
using Harness.Running;
using Harness.Sql;

namespace Harness.Findings;

/// <summary>
/// Makes a scenario's SQL reproductions name a schema that exists after the run. Families write them against the worker
/// that ran them (<c>h_&lt;run&gt;_w0</c>), which is dropped at the end: unless the run keeps its workers (<c>--keep</c>),
/// the worker schema is replaced by the manifest's schema (quoted identifiers and literals alike) and a comment says so.
/// With <c>--keep</c> they name the kept worker, and a comment says it is kept. A statement that names no schema (about a
/// role) and curl reproductions are left as they are.
/// </summary>
public static class SqlReproductions
{
    /// <summary>
    /// <paramref name="result"/> with each SQL reproduction rewritten for after the run.
    /// </summary>
    /// <param name="workerName">The worker's schema or database name (as <c>--keep</c> lists it).</param>
    /// <param name="workerKind"><c>schema</c> or <c>database</c>.</param>
    /// <param name="workerSchema">The schema the reproductions name (the worker schema, or the manifest's schema inside a worker database).</param>
    /// <param name="manifestSchema">The manifest's <c>database.schema</c>: where the app's tables live outside the harness.</param>
    /// <param name="kept">Whether the run keeps its workers.</param>
    public static ScenarioResult ForAfterRun(ScenarioResult result, string workerName, string workerKind, string workerSchema, string manifestSchema, bool kept)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Findings.Any(f => IsSql(f.Reproduction)))
        {
            return result;
        }

        return result with
        {
            Checks = [.. result.Checks.Select(c => c with
            {
                Findings = [.. c.Findings.Select(f => IsSql(f.Reproduction) ? f with { Reproduction = Rewrite(f.Reproduction!, workerName, workerKind, workerSchema, manifestSchema, kept) } : f)],
            })],
        };
    }

    /// <summary>One reproduction rewritten: see <see cref="ForAfterRun"/>.</summary>
    public static string Rewrite(string sql, string workerName, string workerKind, string workerSchema, string manifestSchema, bool kept)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (!sql.Contains(workerSchema, StringComparison.Ordinal))
        {
            // A statement about roles or the server names no schema: it runs anywhere as it is.
            return sql;
        }

        if (kept)
        {
            return $"-- in the {workerKind} {workerName} this run kept (--keep), with its seeded data\n{sql}";
        }

        var rewritten = string.Equals(workerSchema, manifestSchema, StringComparison.Ordinal)
            ? sql
            : sql.Replace(SqlLiteral.Quote(workerSchema), SqlLiteral.Quote(manifestSchema), StringComparison.Ordinal)
                .Replace(SqlIdentifier.Quote(workerSchema), SqlIdentifier.Quote(manifestSchema), StringComparison.Ordinal);
        return $"-- the run's {workerKind} {workerName} was dropped at its end: this names your schema {manifestSchema}, where the run's seeded ids "
            + "do not exist; run with --keep to keep the worker and its data\n" + rewritten;
    }

    private static bool IsSql(string? reproduction) =>
        reproduction is not null && MarkdownReportWriter.ReproductionLanguage(reproduction) == "sql";
}

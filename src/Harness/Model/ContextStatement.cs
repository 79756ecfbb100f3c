namespace Harness.Model;

/// <summary>
/// One statement that sets up a tenant context at the start of a transaction, rendered from a <see cref="ContextStep"/>.
/// Values travel as <see cref="Parameters"/> (<c>$1</c>, <c>$2</c>...) wherever PostgreSQL allows it.
/// </summary>
/// <param name="Step">The manifest step it was rendered from, for messages, e.g. <c>setting: request.jwt.claims</c>.</param>
/// <param name="Sql">The statement, with <c>$n</c> placeholders for <paramref name="Parameters"/>.</param>
/// <param name="Parameters">Text parameters, in order.</param>
/// <param name="Script">The same statement with its parameters written out as literals, to paste into psql.</param>
/// <param name="ResultSets">How many result sets it returns (0 for <c>SET</c>, 1 for a <c>SELECT</c>), or null when unknown (free SQL).</param>
public sealed record ContextStatement(string Step, string Sql, IReadOnlyList<string> Parameters, string Script, int? ResultSets = null);

namespace Harness.Migrations;

/// <summary>A migration statement that names a schema: where it is and which schemas it names.</summary>
/// <param name="File">The SQL file.</param>
/// <param name="Line">The 1-based line the statement's schema-naming part is on.</param>
/// <param name="Schemas">The schemas the statement names, lower-cased unless quoted.</param>
/// <param name="Excerpt">The statement's first line, trimmed, for messages.</param>
public sealed record SchemaReference(string File, int Line, IReadOnlyList<string> Schemas, string Excerpt)
{
    public override string ToString() => $"{File}:{Line}: {Excerpt}";
}

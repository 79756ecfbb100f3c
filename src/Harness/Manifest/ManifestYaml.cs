using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Harness.Manifest;

/// <summary>
/// Reads the manifest's YAML text. Every syntax error becomes a <see cref="ManifestException"/> at file:line:column, also
/// those YamlDotNet reports without a position (an unclosed flow list such as <c>global: [plans</c> ends in its scanner
/// with an <see cref="InvalidOperationException"/>): a list or mapping opened with <c>[</c> or <c>{</c> and still open
/// when the text stops making sense is named where it was opened.
/// </summary>
internal static class ManifestYaml
{
    public static YamlStream Load(string yaml, string sourcePath)
    {
        var parser = new OpenCollections(new Parser(new StringReader(yaml)));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
            return stream;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            var stoppedAt = e is YamlException syntax ? syntax.Start : parser.Current?.End ?? Mark.Empty;
            if (parser.InnermostFlow is { } open && (e is InvalidOperationException || stoppedAt.Line > open.Start.Line))
            {
                var problem = open is SequenceStart
                    ? "the list opened here with '[' is not closed; end it with ']' (e.g. [plans, features]), or write one item per line, each starting with '- '"
                    : "the mapping opened here with '{' is not closed; end it with '}' (e.g. { key: company_id, root: companies }), or write one key per line";
                throw new ManifestException(sourcePath, (int)open.Start.Line, (int)open.Start.Column, $"not valid YAML: {problem}");
            }

            var reason = e is YamlException known ? known.InnerException?.Message ?? known.Message : "the text cannot be read as YAML here";
            throw new ManifestException(sourcePath, Math.Max(1, (int)stoppedAt.Line), Math.Max(1, (int)stoppedAt.Column), $"not valid YAML: {reason}");
        }
    }

    /// <summary>Passes the parser's events through and keeps the collections that are open, to name an unclosed one.</summary>
    private sealed class OpenCollections(IParser inner) : IParser
    {
        private readonly Stack<ParsingEvent> open = new();

        public ParsingEvent? Current => inner.Current;

        /// <summary>The innermost collection written in flow style (<c>[...]</c>, <c>{...}</c>) that is still open.</summary>
        public ParsingEvent? InnermostFlow => open.FirstOrDefault(e => e is SequenceStart { Style: SequenceStyle.Flow } or MappingStart { Style: MappingStyle.Flow });

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            switch (inner.Current)
            {
                case SequenceStart or MappingStart:
                    open.Push(inner.Current);
                    break;
                case SequenceEnd or MappingEnd when open.Count > 0:
                    open.Pop();
                    break;
            }

            return moved;
        }
    }
}

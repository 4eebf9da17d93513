using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace ThemeClassifier.Records;

/// <summary>Plain text: one post a line, empty lines skipped; a record's fields are <c>line</c> and <c>text</c>.</summary>
internal sealed class PlainTextRecordReader(string name, TextReader reader, Stream? stream)
    : StreamRecordReader(name, reader, stream, RecordFormat.Text, null)
{
    public override async IAsyncEnumerable<Record> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await Reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return new Record(lineNumber, new JsonObject { ["line"] = lineNumber, ["text"] = line }, line, null);
        }
    }
}

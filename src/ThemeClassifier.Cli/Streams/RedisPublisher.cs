using StackExchange.Redis;
using ThemeClassifier.Records;

namespace ThemeClassifier.Cli.Streams;

/// <summary>Adds records to a stream, one XADD each, pipelined with a bounded number in flight.</summary>
internal static class RedisPublisher
{
    /// <summary>XADDs in flight at most: enough to keep the connection busy, few enough to bound memory.</summary>
    private const int InFlight = 1_024;

    /// <summary>The fields of a record's entry: its fields as strings (numbers as written, objects and arrays as JSON, null as
    /// empty), in order, and <c>text</c> holding the post. An input field <c>text</c> that is not the post (the post came
    /// from another column) is kept as <c>input_text</c>.</summary>
    public static NameValueEntry[] Fields(Record record)
    {
        var fields = new List<NameValueEntry>(record.Fields.Count + 1);
        var textWritten = false;
        foreach (var (name, node) in record.Fields)
        {
            var value = node is null ? string.Empty : node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
            var isText = name == "text" && value == record.Text;
            fields.Add(new NameValueEntry(name == "text" && !isText ? "input_text" : name, value));
            textWritten |= isText;
        }

        if (!textWritten)
        {
            fields.Add(new NameValueEntry("text", record.Text));
        }

        return [.. fields];
    }

    /// <summary>Adds every readable record to <paramref name="stream"/>; a malformed one is passed to <paramref name="malformed"/> and not added.</summary>
    /// <returns>The number of records added.</returns>
    public static async Task<long> PublishAsync(IDatabase db, string stream, IAsyncEnumerable<Record> records, Action<Record> malformed, CancellationToken cancellationToken)
    {
        var inFlight = new Queue<Task<RedisValue>>(InFlight);
        long published = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (record.Error is not null || record.Text is null)
            {
                malformed(record);
                continue;
            }

            if (inFlight.Count == InFlight)
            {
                await inFlight.Dequeue().ConfigureAwait(false);
            }

            inFlight.Enqueue(db.StreamAddAsync(stream, Fields(record)));
            published++;
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        return published;
    }
}

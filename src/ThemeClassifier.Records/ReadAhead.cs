using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace ThemeClassifier.Records;

/// <summary>
/// Reads a stream of records ahead on another thread through a bounded channel, so that reading and parsing the
/// next chunk overlaps with scoring the current one. Memory stays bounded by <c>capacity</c> records.
/// </summary>
public static class ReadAhead
{
    /// <summary>The items of <paramref name="source"/>, read up to <paramref name="capacity"/> ahead on another thread.</summary>
    public static async IAsyncEnumerable<T> Buffer<T>(IAsyncEnumerable<T> source, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var item in source.WithCancellation(stop.Token).ConfigureAwait(false))
                    {
                        await channel.Writer.WriteAsync(item, stop.Token).ConfigureAwait(false);
                    }

                    channel.Writer.Complete();
                }
                catch (Exception ex)
                {
                    channel.Writer.Complete(ex);
                }
            },
            CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }
}

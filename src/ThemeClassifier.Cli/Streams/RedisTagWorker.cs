using ThemeClassifier.Records;
using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace ThemeClassifier.Cli.Streams;

/// <summary>What a <see cref="RedisTagWorker"/> is to read, where it writes, and when it stops.</summary>
internal sealed record WorkerOptions
{
    /// <summary>The input stream.</summary>
    public required string Stream { get; init; }

    /// <summary>The consumer group the workers share.</summary>
    public required string Group { get; init; }

    /// <summary>This worker's name in the group; a restarted worker with the same name resumes its own pending entries.</summary>
    public required string Consumer { get; init; }

    /// <summary>The stream results are added to.</summary>
    public required string OutputStream { get; init; }

    /// <summary>Entries read, tagged and written per round trip.</summary>
    public int Batch { get; init; } = 256;

    /// <summary>An entry pending this long with another consumer (dead, or stuck) is claimed with XAUTOCLAIM.</summary>
    public TimeSpan ClaimIdle { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An entry delivered more often than this without being acknowledged goes to the dead-letter stream.</summary>
    public int MaxDeliveries { get; init; } = 5;

    /// <summary>Stop after handling this many entries; null: no limit.</summary>
    public long? MaxMessages { get; init; }

    /// <summary>Stop once nothing was new and nothing was pending in the group for this long; null: run until stopped.</summary>
    public TimeSpan? UntilIdle { get; init; }

    /// <summary>How often a status line is reported.</summary>
    public TimeSpan StatusEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the marker saying an entry was handled lives: a copy of it handled again within this time is not written twice.</summary>
    public TimeSpan DoneTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The field holding the post.</summary>
    public string TextField { get; init; } = "text";

    /// <summary>The longest post accepted, in characters; longer ones are dead letters.</summary>
    public int MaxTextLength { get; init; } = 10_000;

    /// <summary>The dead-letter stream: <c>STREAM:dead</c>.</summary>
    public string DeadStream => Stream + ":dead";
}

/// <summary>What a worker did before it stopped.</summary>
/// <param name="Tagged">Results it wrote.</param>
/// <param name="Duplicates">Entries it tagged that had already been written (a reclaimed entry whose first worker got there first): acknowledged, not written again.</param>
/// <param name="Dead">Entries it sent to the dead-letter stream.</param>
/// <param name="Elapsed">How long it ran.</param>
internal sealed record WorkerSummary(long Tagged, long Duplicates, long Dead, TimeSpan Elapsed);

/// <summary>
/// Tags the posts of a Redis stream as one consumer of a consumer group, so that any number of workers on any
/// machines share the stream. At least once in: an entry is acknowledged only once its result is written, and entries
/// a dead worker left pending are claimed (XAUTOCLAIM) after <see cref="WorkerOptions.ClaimIdle"/>. Exactly once out:
/// result, done marker and acknowledgement are written by one script, which writes nothing when the marker exists.
/// Malformed entries and entries delivered too often go to <c>STREAM:dead</c> with a reason, acknowledged the same way.
/// One batch is in hand at a time (bounded memory, and a slow Redis slows reading); Redis going away is waited out.
/// </summary>
internal sealed class RedisTagWorker(IConnectionMultiplexer redis, ThemeTagger tagger, WorkerOptions options, Action<string> report)
{
    /// <summary>Writes a result (or dead letter) unless the entry's done marker exists, sets the marker and acknowledges the entry.
    /// KEYS: done marker, target stream, input stream. ARGV: group, entry id, marker TTL in seconds, then field, value, ….
    /// XADD runs before SET, so a failing XADD leaves no marker. Returns 1 when written, 0 when it had been already.</summary>
    private const string CommitScript = """
        local written = 0
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('XADD', KEYS[2], '*', unpack(ARGV, 4))
          redis.call('SET', KEYS[1], '1', 'EX', ARGV[3])
          written = 1
        end
        redis.call('XACK', KEYS[3], ARGV[1], ARGV[2])
        return written
        """;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly IDatabase _db = redis.GetDatabase();
    private readonly string[] _themeIds = [.. tagger.Codebook.Ids];
    private long _tagged;
    private long _duplicates;
    private long _dead;

    /// <summary>Runs until <paramref name="stop"/> (the batch in hand is finished and acknowledged first), the message limit,
    /// or the idle limit.</summary>
    public async Task<WorkerSummary> RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var backlog = true; // our own pending entries first (a restarted worker, or after Redis came back)
        var groupReady = false;
        RedisValue claimCursor = "0-0";
        var lastClaim = -ClaimEvery;
        TimeSpan? idleSince = null;
        var backoff = TimeSpan.Zero;
        var lastStatus = TimeSpan.Zero;
        long handledAtStatus = 0;
        report($"themes worker {options.Consumer}: reading {options.Stream} as group {options.Group} (batch {options.Batch}) into {options.OutputStream}; dead letters to {options.DeadStream}");
        while (!stop.IsCancellationRequested && Remaining > 0)
        {
            try
            {
                if (!groupReady)
                {
                    await CreateGroupAsync().ConfigureAwait(false);
                    groupReady = true;
                }

                var count = (int)Math.Min(options.Batch, Remaining);
                StreamEntry[] batch = [];
                var recovered = false;
                if (backlog)
                {
                    batch = await _db.StreamReadGroupAsync(options.Stream, options.Group, options.Consumer, StreamPosition.Beginning, count).ConfigureAwait(false);
                    backlog = batch.Length > 0;
                    recovered = backlog;
                }

                if (batch.Length == 0 && clock.Elapsed - lastClaim >= ClaimEvery)
                {
                    lastClaim = clock.Elapsed;
                    var claim = await _db.StreamAutoClaimAsync(options.Stream, options.Group, options.Consumer, (long)options.ClaimIdle.TotalMilliseconds, claimCursor, count).ConfigureAwait(false);
                    claimCursor = claim.NextStartId;
                    batch = claim.ClaimedEntries ?? [];
                    recovered = batch.Length > 0;
                    await DeadLetterDeletedAsync(claim.DeletedIds ?? []).ConfigureAwait(false);
                    if (claimCursor != "0-0")
                    {
                        lastClaim -= ClaimEvery; // more to scan: go on next round
                    }
                }

                if (batch.Length == 0)
                {
                    batch = await _db.StreamReadGroupAsync(options.Stream, options.Group, options.Consumer, StreamPosition.NewMessages, count).ConfigureAwait(false);
                }

                backoff = TimeSpan.Zero;
                if (batch.Length > 0)
                {
                    idleSince = null;
                    await HandleAsync(batch, recovered).ConfigureAwait(false);
                }
                else if (await IsGroupIdleAsync().ConfigureAwait(false))
                {
                    idleSince ??= clock.Elapsed;
                    if (options.UntilIdle is { } limit && clock.Elapsed - idleSince >= limit)
                    {
                        break;
                    }
                }
                else
                {
                    idleSince = null;
                }

                if (clock.Elapsed - lastStatus >= options.StatusEvery)
                {
                    var handled = Handled;
                    await ReportStatusAsync((handled - handledAtStatus) / (clock.Elapsed - lastStatus).TotalSeconds).ConfigureAwait(false);
                    (lastStatus, handledAtStatus) = (clock.Elapsed, handled);
                }

                if (batch.Length == 0)
                {
                    await Wait(Poll, stop).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (RedisConnection.IsTransient(ex) || IsNoGroup(ex))
            {
                // Whatever was in hand stays pending for us: read it again from our pending list once Redis is back.
                backlog = true;
                groupReady &= !IsNoGroup(ex);
                backoff = backoff == TimeSpan.Zero ? Poll : TimeSpan.FromTicks(Math.Min(2 * backoff.Ticks, MaxBackoff.Ticks));
                report($"themes worker {options.Consumer}: redis unavailable ({OneLine(ex.Message)}); retrying in {backoff.TotalSeconds:0.#} s");
                await Wait(backoff, stop).ConfigureAwait(false);
            }
        }

        await LeaveGroupIfDoneAsync().ConfigureAwait(false);
        return new WorkerSummary(_tagged, _duplicates, _dead, clock.Elapsed);
    }

    private long Handled => _tagged + _duplicates + _dead;

    private long Remaining => options.MaxMessages is { } max ? max - Handled : long.MaxValue;

    private TimeSpan ClaimEvery => TimeSpan.FromTicks(Math.Max(options.ClaimIdle.Ticks / 4, Poll.Ticks));

    /// <summary>Tags a batch and writes every result and dead letter; returns once all are written and acknowledged.</summary>
    private async Task HandleAsync(StreamEntry[] batch, bool recovered)
    {
        var deliveries = recovered ? await DeliveriesAsync(batch).ConfigureAwait(false) : [];
        var tagged = new List<(StreamEntry Entry, Record Record)>(batch.Length);
        var commits = new List<Task<bool>>(batch.Length);
        var dead = 0;
        foreach (var entry in batch)
        {
            var (record, reason) = deliveries.TryGetValue(entry.Id, out var times) && times > options.MaxDeliveries
                ? (null, $"delivered {times} times without being acknowledged (more than {options.MaxDeliveries}): workers crash or fail on it")
                : StreamRecords.Read(entry, options.TextField, options.MaxTextLength);
            if (record is null)
            {
                dead++;
                commits.Add(CommitAsync(entry.Id, options.DeadStream, StreamRecords.Dead(entry, reason!)));
            }
            else
            {
                tagged.Add((entry, record));
            }
        }

        // The whole batch is tagged even when a stop is requested: it is in hand, so it is finished and acknowledged.
        var predictions = tagger.PredictBatch(tagged.Select(t => t.Record.Text!).ToArray(), CancellationToken.None);
        for (var i = 0; i < tagged.Count; i++)
        {
            commits.Add(CommitAsync(tagged[i].Entry.Id, options.OutputStream, StreamRecords.Tagged(tagged[i].Record, predictions[i], _themeIds, tagged[i].Entry.Id)));
        }

        var written = await Task.WhenAll(commits).ConfigureAwait(false);
        var deadWritten = written.Take(dead).Count(w => w);
        var resultsWritten = written.Skip(dead).Count(w => w);
        _dead += deadWritten;
        _tagged += resultsWritten;
        _duplicates += batch.Length - deadWritten - resultsWritten;
    }

    /// <summary>Runs <see cref="CommitScript"/> for one entry (pipelined: the caller awaits the batch's commits together).</summary>
    private async Task<bool> CommitAsync(RedisValue id, string target, RedisValue[] fields)
    {
        RedisKey[] keys = [$"{options.Stream}:done:{options.Group}:{id}", target, options.Stream];
        RedisValue[] args = [options.Group, id, (long)Math.Ceiling(options.DoneTtl.TotalSeconds), .. fields];
        var result = await _db.ScriptEvaluateAsync(CommitScript, keys, args).ConfigureAwait(false);
        return (int)result == 1;
    }

    /// <summary>How often each entry of a recovered batch has been delivered (XPENDING), by id.</summary>
    private async Task<Dictionary<RedisValue, long>> DeliveriesAsync(StreamEntry[] batch)
    {
        var pending = await _db.StreamPendingMessagesAsync(options.Stream, options.Group, 2 * batch.Length, options.Consumer, batch[0].Id, batch[^1].Id).ConfigureAwait(false);
        return pending.ToDictionary(p => p.MessageId, p => (long)p.DeliveryCount);
    }

    /// <summary>Entries XAUTOCLAIM found deleted from the stream (and dropped from the pending list): a dead letter each, so none vanishes unseen.</summary>
    private async Task DeadLetterDeletedAsync(RedisValue[] ids)
    {
        var written = await Task.WhenAll(ids.Select(id => CommitAsync(id, options.DeadStream, StreamRecords.Dead(new StreamEntry(id, []), "the entry was deleted from the stream before it was tagged")))).ConfigureAwait(false);
        _dead += written.Count(w => w);
    }

    private async Task CreateGroupAsync()
    {
        try
        {
            await _db.StreamCreateConsumerGroupAsync(options.Stream, options.Group, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists: another worker made it.
        }
    }

    /// <summary>Whether the group has nothing pending with any consumer (so nothing is left to claim).</summary>
    private async Task<bool> IsGroupIdleAsync() =>
        (await _db.StreamPendingAsync(options.Stream, options.Group).ConfigureAwait(false)).PendingMessageCount == 0;

    private async Task ReportStatusAsync(double rate)
    {
        var groups = await _db.StreamGroupInfoAsync(options.Stream).ConfigureAwait(false);
        var group = groups.FirstOrDefault(g => g.Name == options.Group);
        var length = await _db.StreamLengthAsync(options.Stream).ConfigureAwait(false);
        var deadLetters = await _db.StreamLengthAsync(options.DeadStream).ConfigureAwait(false);
        var lag = group.Lag is { } l ? l.ToString("N0", CultureInfo.InvariantCulture)
            : group.EntriesRead is { } read ? (length - read).ToString("N0", CultureInfo.InvariantCulture)
            : "?";
        report(string.Create(CultureInfo.InvariantCulture,
            $"themes worker {options.Consumer}: {_tagged:N0} tagged, {_duplicates:N0} duplicate(s), {_dead:N0} dead ({rate:N0}/s); group {options.Group}: lag {lag}, pending {group.PendingMessageCount:N0}, dead letters {deadLetters:N0}"));
    }

    /// <summary>On the way out, removes this consumer from the group when it holds nothing (so the group does not fill up with
    /// the names of finished workers); one still holding entries stays, for them to be claimed.</summary>
    private async Task LeaveGroupIfDoneAsync()
    {
        try
        {
            var mine = await _db.StreamPendingMessagesAsync(options.Stream, options.Group, 1, options.Consumer).ConfigureAwait(false);
            if (mine.Length == 0)
            {
                await _db.StreamDeleteConsumerAsync(options.Stream, options.Group, options.Consumer).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (RedisConnection.IsTransient(ex) || IsNoGroup(ex))
        {
            // Redis is away: the name stays in the group, harmlessly.
        }
    }

    private static bool IsNoGroup(Exception ex) => ex is RedisServerException && ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal);

    private static async Task Wait(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }

    private static string OneLine(string message) => message.Split('\n', 2)[0].Trim();
}

using StackExchange.Redis;
using static ThemeClassifier.Cli.Tests.Streams.Streams;

namespace ThemeClassifier.Cli.Tests.Streams;

/// <summary><c>themes worker</c> and <c>themes publish</c> against a real Redis, workers in-process or as real child processes.</summary>
[Collection("redis")]
public sealed class WorkerTests(CliFixture fixture, RedisFixture redis)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);

    private string[] WorkerArgs(string address, string stream, string group, string consumer, params string[] more) =>
        ["--redis", address, "--stream", stream, "--group", group, "--consumer", consumer, "--model", fixture.ModelPath, "--status-every", "1s", .. more];

    private static Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args) => Task.Run(() =>
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr, null, null, cancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    });

    [RedisFact]
    public async Task Worker_TwoWorkersTwentyThousandPosts_EveryIdExactlyOnceInOutput()
    {
        var (stream, group) = (NewName("posts"), NewName("taggers"));
        var input = Path.Combine(fixture.NewFolder("publish"), "posts.jsonl");
        var texts = fixture.Texts();
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 20_000).Select(i => $$"""{"id":{{i}},"text":{{System.Text.Json.JsonSerializer.Serialize($"{texts[i % texts.Count]} #{i}")}}}"""));

        var published = Cli.Run("publish", "--redis", redis.Address, "--stream", stream, "--input", input);
        Assert.Equal(0, published.ExitCode);
        Assert.Equal(20_000, (int)Cli.Json(published.Out)["published"]!);

        var workers = new[] { "w1", "w2" }.Select(c => RunAsync(CancellationToken.None, ["worker", .. WorkerArgs(redis.Address, stream, group, c, "--until-idle", "1s", "--batch", "500")])).ToArray();
        var results = await Task.WhenAll(workers).WaitAsync(Bound);

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(20_000, results.Sum(r => (long)Cli.Json(r.Out)["tagged"]!));
        Assert.All(results, r => Assert.True((long)Cli.Json(r.Out)["tagged"]! > 0, "a worker got nothing to do: " + r.Err));
        await AssertEveryIdOnceAsync(redis.Db, stream, group, stream + ":tagged", 20_000);
    }

    [RedisFact]
    public async Task Worker_OneKilledWithSigkillMidBatch_SurvivorFinishesNothingLostOrDuplicated()
    {
        var (stream, group) = (NewName("posts"), NewName("taggers"));
        await PublishAsync(redis.Db, stream, 20_000, fixture.Texts());
        using var victim = new WorkerProcess(WorkerArgs(redis.Address, stream, group, "victim", "--batch", "1000"));
        using var survivor = new WorkerProcess(WorkerArgs(redis.Address, stream, group, "survivor", "--batch", "200", "--claim-idle", "2s", "--until-idle", "2s"));

        // Kill -9 while the victim holds a batch it has read but not acknowledged.
        var held = 0;
        await WaitUntilAsync(async () => victim.HasExited || (await redis.Db.StreamLengthAsync(stream + ":tagged") > 2_000
            && (held = (await redis.Db.StreamPendingMessagesAsync(stream, group, 1_000, "victim")).Length) > 0), Bound, "the victim to hold a batch");
        RedisServer.Signal(victim.Id, "KILL");
        victim.WaitForExit(TimeSpan.FromSeconds(10));

        Assert.Equal(0, survivor.WaitForExit(Bound));
        Assert.True(held > 0, "the victim exited before it could be killed holding a batch");
        Assert.Contains("\"tagged\":", survivor.Out, StringComparison.Ordinal);
        await AssertEveryIdOnceAsync(redis.Db, stream, group, stream + ":tagged", 20_000);
    }

    [RedisFact]
    public async Task Worker_RedisRestartedMidRun_ReconnectsAndFinishesNothingLostOrDuplicated()
    {
        using var own = RedisServer.StartPrivate(persistent: true);
        using var connection = own.Connect();
        var db = connection.GetDatabase();
        var (stream, group) = (NewName("posts"), NewName("taggers"));
        await PublishAsync(db, stream, 10_000, fixture.Texts());
        var worker = RunAsync(CancellationToken.None, ["worker", .. WorkerArgs(own.Address, stream, group, "w", "--batch", "100", "--until-idle", "2s")]);

        await WaitUntilAsync(async () => worker.IsCompleted || await db.StreamLengthAsync(stream + ":tagged") > 1_000, Bound, "the first results");
        Assert.False(worker.IsCompleted, "the worker finished before Redis could be restarted");
        own.Restart(down: TimeSpan.FromSeconds(1));
        var result = await worker.WaitAsync(Bound);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("redis unavailable", result.Err, StringComparison.Ordinal);
        await AssertEveryIdOnceAsync(db, stream, group, stream + ":tagged", 10_000);
    }

    [RedisFact]
    public async Task Worker_MalformedEntries_DeadLetteredWithReasonAndAckedOthersTagged()
    {
        var (stream, group) = (NewName("posts"), NewName("taggers"));
        var db = redis.Db;
        var good = await db.StreamAddAsync(stream, [new NameValueEntry("id", "good"), new NameValueEntry("text", "Staff feel safe to speak up")]);
        var noText = await db.StreamAddAsync(stream, [new NameValueEntry("id", "no-text"), new NameValueEntry("body", "x")]);
        var notUtf8 = await db.StreamAddAsync(stream, [new NameValueEntry("id", "bad-bytes"), new NameValueEntry("text", new byte[] { 0x61, 0xFF, 0x62 })]);
        var tooLong = await db.StreamAddAsync(stream, [new NameValueEntry("id", "long"), new NameValueEntry("text", new string('a', 101))]);
        var clash = await db.StreamAddAsync(stream, [new NameValueEntry("source_id", "mine"), new NameValueEntry("text", "Leaders on the wards")]);

        var result = await RunAsync(CancellationToken.None, ["worker", .. WorkerArgs(redis.Address, stream, group, "w", "--until-idle", "500ms", "--max-text-length", "100")]).WaitAsync(Bound);

        Assert.Equal(0, result.ExitCode);
        var dead = (await ReadAllAsync(db, stream + ":dead")).ToDictionary(e => (string)e["source_id"]!, e => (string)e["reason"]!);
        Assert.Equal(3, dead.Count);
        Assert.Equal("field 'text' missing", dead[(string)noText!]);
        Assert.Equal("field 'text' is not valid UTF-8", dead[(string)notUtf8!]);
        Assert.Contains("field 'text' is 101 characters long", dead[(string)tooLong!], StringComparison.Ordinal);
        var deadBytes = (await ReadAllAsync(db, stream + ":dead")).Single(e => e["source_id"] == notUtf8);
        Assert.Equal(new byte[] { 0x61, 0xFF, 0x62 }, (byte[])deadBytes["text"]!);
        var tagged = (await ReadAllAsync(db, stream + ":tagged")).ToDictionary(e => (string)e["source_id"]!);
        Assert.Equal([(string)good!, (string)clash!], tagged.Keys.Order());
        Assert.Equal("mine", (string?)tagged[(string)clash!]["input_source_id"]);
        Assert.Equal(0, (await db.StreamPendingAsync(stream, group)).PendingMessageCount);
        Assert.Contains("\"dead\":3", result.Out, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task Worker_EntryDeliveredTooOften_DeadLetteredWithDeliveryCount()
    {
        var (stream, group) = (NewName("posts"), NewName("taggers"));
        var db = redis.Db;
        await db.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true);
        var poison = await db.StreamAddAsync(stream, "text", "A post that crashed every worker that took it");
        await db.StreamReadGroupAsync(stream, group, "crashed", StreamPosition.NewMessages, 1);
        // As if 9 workers had taken it and died: delivered 9 times, idle for 10 minutes.
        await db.ExecuteAsync("XCLAIM", stream, group, "crashed", 0, poison, "IDLE", 600_000, "RETRYCOUNT", 9);

        var result = await RunAsync(CancellationToken.None, ["worker", .. WorkerArgs(redis.Address, stream, group, "w", "--until-idle", "500ms", "--claim-idle", "1s", "--max-deliveries", "5")]).WaitAsync(Bound);

        Assert.Equal(0, result.ExitCode);
        var dead = Assert.Single(await ReadAllAsync(db, stream + ":dead"));
        Assert.Equal(poison, dead["source_id"]);
        Assert.StartsWith("delivered 10 times", (string?)dead["reason"], StringComparison.Ordinal);
        Assert.Equal("A post that crashed every worker that took it", (string?)dead["text"]);
        Assert.Equal(0, await db.StreamLengthAsync(stream + ":tagged"));
        Assert.Equal(0, (await db.StreamPendingAsync(stream, group)).PendingMessageCount);
    }

    [RedisFact]
    public async Task Worker_EveryEntryDeliveredAgain_EachResultWrittenOnce()
    {
        var (stream, group) = (NewName("posts"), NewName("taggers"));
        var db = redis.Db;
        await PublishAsync(db, stream, 300, fixture.Texts());
        var first = await RunAsync(CancellationToken.None, ["worker", .. WorkerArgs(redis.Address, stream, group, "w1", "--until-idle", "500ms")]).WaitAsync(Bound);

        // Rewind the group: every entry is delivered (and tagged) a second time.
        await db.StreamConsumerGroupSetPositionAsync(stream, group, StreamPosition.Beginning);
        var second = await RunAsync(CancellationToken.None, ["worker", .. WorkerArgs(redis.Address, stream, group, "w2", "--until-idle", "500ms")]).WaitAsync(Bound);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(300, (long)Cli.Json(first.Out)["tagged"]!);
        Assert.Equal((0L, 300L), ((long)Cli.Json(second.Out)["tagged"]!, (long)Cli.Json(second.Out)["duplicates"]!));
        await AssertEveryIdOnceAsync(db, stream, group, stream + ":tagged", 300);
    }

    [RedisFact]
    public async Task Worker_Sigterm_FinishesBatchInHandAcksAllItTaggedExitsZero()
    {
        var (stream, group) = (NewName("posts"), NewName("taggers"));
        var db = redis.Db;
        await PublishAsync(db, stream, 20_000, fixture.Texts());
        using var worker = new WorkerProcess(WorkerArgs(redis.Address, stream, group, "w", "--batch", "500"));

        await WaitUntilAsync(async () => worker.HasExited || await db.StreamLengthAsync(stream + ":tagged") > 1_000, Bound, "the first results");
        RedisServer.Signal(worker.Id, "TERM");
        var code = worker.WaitForExit(TimeSpan.FromSeconds(20));

        Assert.Equal(0, code);
        var tagged = (long)Cli.Json(worker.Out)["tagged"]!;
        Assert.InRange(tagged, 1_001, 19_999);
        Assert.Equal(tagged, await db.StreamLengthAsync(stream + ":tagged"));
        var info = (await db.StreamGroupInfoAsync(stream)).Single(g => g.Name == group);
        Assert.Equal(0, info.PendingMessageCount);
        Assert.Equal(tagged, info.EntriesRead);
    }

    [RedisFact]
    public async Task Worker_MaxMessages_HandlesExactlyThatMany()
    {
        var (stream, group) = (NewName("posts"), NewName("taggers"));
        await PublishAsync(redis.Db, stream, 1_000, fixture.Texts());

        var result = await RunAsync(CancellationToken.None, ["worker", .. WorkerArgs(redis.Address, stream, group, "w", "--batch", "64", "--max-messages", "150")]).WaitAsync(Bound);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(150, (long)Cli.Json(result.Out)["tagged"]!);
        Assert.Equal(150, await redis.Db.StreamLengthAsync(stream + ":tagged"));
        Assert.Equal(0, (await redis.Db.StreamPendingAsync(stream, group)).PendingMessageCount);
    }

    [RedisFact]
    public async Task Publish_MalformedRecords_ReportedWithLineAndNotPublished()
    {
        var stream = NewName("posts");
        var input = Path.Combine(fixture.NewFolder("publish"), "chat.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\":1,\"text\":\"Staff feel safe\",\"n\":1e5}\nnot json\n{\"id\":3}\n{\"id\":4,\"text\":\"Leaders listen\",\"tags\":[\"a\"]}\n");

        var result = Cli.Run("publish", "--redis", redis.Address, "--stream", stream, "--input", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal((2, 2), ((int)Cli.Json(result.Out)["published"]!, (int)Cli.Json(result.Out)["malformed"]!));
        Assert.Contains("chat.jsonl:2: not published", result.Err, StringComparison.Ordinal);
        Assert.Contains("chat.jsonl:3: not published: field 'text' missing", result.Err, StringComparison.Ordinal);
        var entries = await ReadAllAsync(redis.Db, stream);
        Assert.Equal(["id=1", "text=Staff feel safe", "n=1e5"], entries[0].Values.Select(v => $"{v.Name}={v.Value}"));
        Assert.Equal(["id=4", "text=Leaders listen", "tags=[\"a\"]"], entries[1].Values.Select(v => $"{v.Name}={v.Value}"));
    }

    [Theory]
    [InlineData("--batch", "0", "--batch must be at least 1")]
    [InlineData("--claim-idle", "soon", "--claim-idle must be a duration")]
    [InlineData("--until-idle", "-5s", "--until-idle must be a duration")]
    public void Worker_BadOption_UsageErrorNamingIt(string option, string value, string message)
    {
        var result = Cli.Run("worker", "--redis", "127.0.0.1:1", "--stream", "s", "--group", "g", option, value);

        Assert.Equal(Program.ExitUsage, result.ExitCode);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
    }
}

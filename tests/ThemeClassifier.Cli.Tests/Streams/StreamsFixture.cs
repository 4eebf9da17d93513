using System.Diagnostics;
using StackExchange.Redis;

namespace ThemeClassifier.Cli.Tests.Streams;

/// <summary>The shared Redis of the stream tests (see <see cref="RedisServer"/>) and a connection to it.</summary>
public sealed class RedisFixture : IDisposable
{
    private readonly RedisServer? _server;
    private readonly ConnectionMultiplexer? _redis;

    public RedisFixture()
    {
        if (RedisServer.SkipReason is null)
        {
            _server = RedisServer.Shared();
            _redis = _server.Connect();
        }
    }

    public string Address => _server!.Address;

    public IDatabase Db => _redis!.GetDatabase();

    public void Dispose()
    {
        _redis?.Dispose();
        _server?.Dispose();
    }
}

[CollectionDefinition("redis")]
public sealed class RedisCollection : ICollectionFixture<CliFixture>, ICollectionFixture<RedisFixture>;

/// <summary><c>themes worker</c> run as a real child process (<c>dotnet themes.dll worker …</c>), its output collected.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _out = new();
    private readonly System.Text.StringBuilder _err = new();

    public WorkerProcess(params string[] args)
    {
        var cli = typeof(Program).Assembly.Location;
        _process = Process.Start(new ProcessStartInfo("dotnet", [cli, "worker", .. args]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        _process.OutputDataReceived += (_, e) => Append(_out, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_err, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Out { get { lock (_out) { return _out.ToString(); } } }

    public string Err { get { lock (_err) { return _err.ToString(); } } }

    /// <summary>Waits for the exit (bounded) and returns the exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), $"the worker did not exit within {timeout.TotalSeconds} s; stderr: {Err}");
        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static void Append(System.Text.StringBuilder to, string? line)
    {
        if (line is not null)
        {
            lock (to)
            {
                to.AppendLine(line);
            }
        }
    }
}

/// <summary>Helpers to fill and read streams.</summary>
public static class Streams
{
    public static string NewName(string what) => $"test:{what}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Adds posts <c>{id: i, text: …}</c> for i in [0, count), pipelined.</summary>
    public static async Task PublishAsync(IDatabase db, string stream, int count, IReadOnlyList<string> texts)
    {
        for (var start = 0; start < count; start += 2_000)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(2_000, count - start)).Select(i =>
                db.StreamAddAsync(stream, [new NameValueEntry("id", i), new NameValueEntry("text", $"{texts[i % texts.Count]} #{i}")])));
        }
    }

    /// <summary>Every entry of a stream, in order.</summary>
    public static async Task<List<StreamEntry>> ReadAllAsync(IDatabase db, string stream)
    {
        var all = new List<StreamEntry>();
        RedisValue from = "-";
        while (true)
        {
            var page = await db.StreamRangeAsync(stream, from, "+", 5_000);
            all.AddRange(page);
            if (page.Length < 5_000)
            {
                return all;
            }

            from = "(" + page[^1].Id;
        }
    }

    /// <summary>Asserts that the output holds exactly one result for each id in [0, count) and that the group holds nothing pending.</summary>
    public static async Task AssertEveryIdOnceAsync(IDatabase db, string stream, string group, string output, int count)
    {
        var results = await ReadAllAsync(db, output);
        var ids = results.Select(e => (int)e["id"]).ToList();
        Assert.Equal(count, ids.Distinct().Count());
        Assert.Equal(count, ids.Count);
        Assert.Equal(Enumerable.Range(0, count), ids.Order());
        Assert.Equal(count, results.Select(e => (string?)e["source_id"]).Distinct().Count());
        Assert.All(results, e => Assert.StartsWith("[", (string?)e["themes"], StringComparison.Ordinal));
        Assert.Equal(0, (await db.StreamPendingAsync(stream, group)).PendingMessageCount);
        Assert.Equal(0, await db.StreamLengthAsync(stream + ":dead"));
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds (asserting it does within <paramref name="timeout"/>).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(20);
        }
    }
}

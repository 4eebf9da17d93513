using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace ThemeClassifier.Cli.Tests.Streams;

/// <summary>
/// The Redis the stream tests use. <c>THEMES_TEST_REDIS</c> (HOST:PORT, set by .ci/run) names a shared one; without it,
/// under <c>CI=true</c> the tests fail loudly, else they start a private <c>redis-server</c> if one is on the PATH, else
/// they are skipped with the reason. Tests that restart Redis always start their own private instance.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private const string AddressVariable = "THEMES_TEST_REDIS";
    private readonly string? _directory;
    private readonly bool _persistent;
    private Process? _process;

    private RedisServer(int port, string? directory, bool persistent)
    {
        Port = port;
        _directory = directory;
        _persistent = persistent;
    }

    /// <summary>Why the tests cannot get a Redis here (not CI, no THEMES_TEST_REDIS, no redis-server on the PATH); null when they can.</summary>
    public static string? SkipReason { get; } =
        Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } || IsCi || OnPath("redis-server")
            ? null
            : $"no Redis: set {AddressVariable}=HOST:PORT or install redis-server (apt-get install -y redis-server)";

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shared Redis of THEMES_TEST_REDIS, else a private one (see the class summary).</summary>
    public static RedisServer Shared()
    {
        if (Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } address)
        {
            var port = address.Split(':')[^1];
            return new RedisServer(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), null, false);
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"CI=true but {AddressVariable} is not set: .ci/run starts a Redis for the tests and exports it");
        }

        return StartPrivate(persistent: false);
    }

    /// <summary>Starts a private redis-server on a free loopback port, its files in a temporary folder deleted on dispose.
    /// <paramref name="persistent"/>: an append-only file, so that a restart keeps the streams.</summary>
    public static RedisServer StartPrivate(bool persistent)
    {
        var directory = Path.Combine(Path.GetTempPath(), "themes-redis-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var server = new RedisServer(FreePort(), directory, persistent);
        server.Launch();
        return server;
    }

    /// <summary>Stops a private server (SIGTERM: it writes its append-only file and exits) and starts it again on the same port.</summary>
    public void Restart(TimeSpan down)
    {
        var process = _process ?? throw new InvalidOperationException("only a private server can be restarted");
        Signal(process.Id, "TERM");
        Assert.True(process.WaitForExit(10_000), "redis-server did not stop within 10 s");
        process.Dispose();
        _process = null;
        Thread.Sleep(down);
        Launch();
    }

    public ConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { Address }, AllowAdmin = true, AbortOnConnectFail = false });

    public void Dispose()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Sends a signal (TERM, KILL) to a process.</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private void Launch()
    {
        string[] persistence = _persistent ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--save", "", "--appendonly", "no"];
        var process = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory!, .. persistence])
        {
            RedirectStandardOutput = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Answers())
        {
            Assert.False(process.HasExited, "redis-server exited at start");
            Assert.True(DateTime.UtcNow < deadline, "redis-server did not answer within 10 s");
            Thread.Sleep(50);
        }
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[64];
            var read = stream.Read(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, name)));
}

/// <summary>A test that needs Redis: skipped, with the reason, where the tests cannot get one (never under CI=true).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

using StackExchange.Redis;

namespace ThemeClassifier.Cli.Streams;

/// <summary>Opens the connection the stream verbs share: one multiplexer that keeps reconnecting while Redis is away.</summary>
internal static class RedisConnection
{
    /// <summary>Connects to <paramref name="address"/> (<c>HOST:PORT</c>, or any StackExchange.Redis configuration string).
    /// It does not fail when Redis is down: commands fail (and the multiplexer reconnects in the background) until it is back.</summary>
    /// <exception cref="ArgumentException">The address cannot be parsed.</exception>
    public static ConnectionMultiplexer Connect(string address, string clientName)
    {
        var options = ConfigurationOptions.Parse(address);
        options.AbortOnConnectFail = false;
        options.ClientName = clientName;
        options.ConnectTimeout = 5_000;
        options.SyncTimeout = 10_000;
        options.AsyncTimeout = 10_000;
        options.ReconnectRetryPolicy = new ExponentialRetry(100, 5_000);
        return ConnectionMultiplexer.Connect(options);
    }

    /// <summary>Whether <paramref name="exception"/> means Redis is unreachable for now (retry), not that a command is wrong.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or TimeoutException
        || (exception is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal) || server.Message.StartsWith("BUSY", StringComparison.Ordinal)));
}

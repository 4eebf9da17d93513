using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.Streams;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes publish</c>.</summary>
internal sealed class PublishSettings : InputSettings
{
    [CommandOption("--redis <HOST:PORT>")]
    [Description("The Redis server (HOST:PORT, or a StackExchange.Redis configuration string).")]
    public string? Redis { get; init; }

    [CommandOption("--stream <KEY>")]
    [Description("The stream to add the posts to (created if missing).")]
    public string? Stream { get; init; }

    public override ValidationResult Validate() =>
        Redis is null ? ValidationResult.Error("--redis is required")
        : Stream is null ? ValidationResult.Error("--stream is required")
        : CheckInput(required: false) is { } problem ? ValidationResult.Error(problem)
        : ValidationResult.Success();
}

/// <summary><c>themes publish</c>: adds each record of an input to a stream (one entry each: its fields as strings plus
/// <c>text</c>); a malformed record is reported on stderr with its line and not added. Prints one JSON line summary on stdout.</summary>
internal sealed class PublishCommand(CliContext cli) : AsyncCommand<PublishSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PublishSettings settings, CancellationToken cancellationToken)
    {
        using var input = settings.OpenInput(cli);
        using var redis = WorkerCommand.Connect(settings.Redis!, $"themes-publish-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        long malformed = 0;
        long published;
        try
        {
            published = await RedisPublisher.PublishAsync(redis.GetDatabase(), settings.Stream!, input.ReadAsync(cancellationToken), record =>
            {
                malformed++;
                cli.Message($"themes: {input.Name}:{record.Line}: not published: {record.Error ?? "no text"}");
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisConnection.IsTransient(ex) || ex is StackExchange.Redis.RedisServerException)
        {
            throw new InputException($"redis at {settings.Redis}: {ex.Message.Split('\n', 2)[0].Trim()} (records added before the failure stay in {settings.Stream})");
        }

        cli.Message(string.Create(CultureInfo.InvariantCulture,
            $"themes: published {published:N0} record(s) to {settings.Stream}{(malformed > 0 ? $"; {malformed:N0} malformed record(s) not published (listed above)" : string.Empty)}."));
        await cli.StdOut.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $$"""{"stream":{{System.Text.Json.JsonSerializer.Serialize(settings.Stream)}},"published":{{published}},"malformed":{{malformed}}}""")).ConfigureAwait(false);
        return Program.ExitOk;
    }
}

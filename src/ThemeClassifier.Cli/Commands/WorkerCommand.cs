using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using Spectre.Console;
using Spectre.Console.Cli;
using ThemeClassifier.Cli.Infrastructure;
using ThemeClassifier.Cli.Streams;

namespace ThemeClassifier.Cli.Commands;

/// <summary>Settings of <c>themes worker</c>.</summary>
internal sealed class WorkerSettings : CommandSettings
{
    [CommandOption("--redis <HOST:PORT>")]
    [Description("The Redis server (HOST:PORT, or a StackExchange.Redis configuration string).")]
    public string? Redis { get; init; }

    [CommandOption("--stream <KEY>")]
    [Description("The stream of posts (entries with a 'text' field, as 'themes publish' writes them).")]
    public string? Stream { get; init; }

    [CommandOption("--group <NAME>")]
    [Description("The consumer group the workers share; created (at the start of the stream) if missing.")]
    public string? Group { get; init; }

    [CommandOption("--consumer <NAME>")]
    [Description("This worker's name in the group. Default: HOST-PID. A worker restarted with the same name first finishes what it held.")]
    public string? Consumer { get; init; }

    [CommandOption("--output-stream <KEY>")]
    [Description("Where results go: the entry's fields plus themes, scores (JSON) and source_id. Default: STREAM:tagged.")]
    public string? OutputStream { get; init; }

    [CommandOption("-m|--model <FILE>")]
    [Description("Model file (from 'themes train'). Default: the model shipped with the tool.")]
    public string? Model { get; init; }

    [CommandOption("--batch <N>")]
    [Description("Entries read, tagged and written per round trip (memory: about N posts per worker).")]
    [DefaultValue(256)]
    public int Batch { get; init; } = 256;

    [CommandOption("--claim-idle <DURATION>")]
    [Description("Claim entries another consumer has held unacknowledged this long (it died or hangs): 500ms, 30s, 5m.")]
    [DefaultValue("30s")]
    public string ClaimIdle { get; init; } = "30s";

    [CommandOption("--max-deliveries <N>")]
    [Description("An entry delivered more often than this without being acknowledged goes to the dead-letter stream STREAM:dead.")]
    [DefaultValue(5)]
    public int MaxDeliveries { get; init; } = 5;

    [CommandOption("--max-messages <N>")]
    [Description("Stop after handling N entries (tagged or dead-lettered).")]
    public long? MaxMessages { get; init; }

    [CommandOption("--until-idle <DURATION>")]
    [Description("Stop once the group has had nothing new and nothing pending for this long (batch jobs).")]
    public string? UntilIdle { get; init; }

    [CommandOption("--status-every <DURATION>")]
    [Description("How often to print a status line on stderr (rate, lag, pending, dead letters).")]
    [DefaultValue("10s")]
    public string StatusEvery { get; init; } = "10s";

    [CommandOption("--done-ttl <DURATION>")]
    [Description("How long a handled entry's done marker (STREAM:done:GROUP:ID) is kept: an entry handled again within it is not written twice.")]
    [DefaultValue("24h")]
    public string DoneTtl { get; init; } = "24h";

    [CommandOption("--text-field <NAME>")]
    [Description("The field holding the post.")]
    [DefaultValue("text")]
    public string TextField { get; init; } = "text";

    [CommandOption("--max-text-length <N>")]
    [Description("Longer posts (in characters) go to the dead-letter stream.")]
    [DefaultValue(10_000)]
    public int MaxTextLength { get; init; } = 10_000;

    public override ValidationResult Validate() =>
        Redis is null ? ValidationResult.Error("--redis is required")
        : Stream is null ? ValidationResult.Error("--stream is required")
        : Group is null ? ValidationResult.Error("--group is required")
        : Batch < 1 ? ValidationResult.Error("--batch must be at least 1")
        : MaxDeliveries < 1 ? ValidationResult.Error("--max-deliveries must be at least 1")
        : MaxMessages is < 1 ? ValidationResult.Error("--max-messages must be at least 1")
        : MaxTextLength < 1 ? ValidationResult.Error("--max-text-length must be at least 1")
        : Bad("--claim-idle", ClaimIdle) ?? Bad("--status-every", StatusEvery) ?? Bad("--done-ttl", DoneTtl) ?? (UntilIdle is null ? null : Bad("--until-idle", UntilIdle))
        ?? ValidationResult.Success();

    /// <summary>The options these settings ask for.</summary>
    public WorkerOptions ToOptions() => new()
    {
        Stream = Stream!,
        Group = Group!,
        Consumer = Consumer ?? $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}",
        OutputStream = OutputStream ?? Stream + ":tagged",
        Batch = Batch,
        ClaimIdle = Duration.Parse(ClaimIdle)!.Value,
        MaxDeliveries = MaxDeliveries,
        MaxMessages = MaxMessages,
        UntilIdle = Duration.Parse(UntilIdle),
        StatusEvery = Duration.Parse(StatusEvery)!.Value,
        DoneTtl = Duration.Parse(DoneTtl)!.Value,
        TextField = TextField,
        MaxTextLength = MaxTextLength,
    };

    private static ValidationResult? Bad(string option, string value) =>
        Duration.Parse(value) is null ? ValidationResult.Error($"{option} must be a duration such as 500ms, 30s, 5m or 24h, not '{value}'") : null;
}

/// <summary><c>themes worker</c>: one consumer of a Redis stream's consumer group, tagging until stopped (SIGTERM or Ctrl-C:
/// the batch in hand is finished and acknowledged, exit 0). Prints one JSON line summary on stdout at the end.</summary>
internal sealed class WorkerCommand(CliContext cli) : AsyncCommand<WorkerSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, WorkerSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        using var tagger = ModelLoader.Load(settings.Model);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        using var redis = Connect(settings.Redis!, options.Consumer);
        WorkerSummary summary;
        try
        {
            summary = await new RedisTagWorker(redis, tagger, options, cli.Message).RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (StackExchange.Redis.RedisServerException ex)
        {
            // Not Redis being away (that is waited out) but a command refused: a key of the wrong type, no memory left.
            throw new InputException($"redis at {settings.Redis} refused a command: {ex.Message}; the batch in hand stays pending");
        }

        cli.Message(string.Create(CultureInfo.InvariantCulture,
            $"themes worker {options.Consumer}: stopped after {summary.Elapsed.TotalSeconds:0.0} s: {summary.Tagged:N0} tagged, {summary.Duplicates:N0} duplicate(s) not written again, {summary.Dead:N0} dead-lettered."));
        await cli.StdOut.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $$"""{"consumer":{{System.Text.Json.JsonSerializer.Serialize(options.Consumer)}},"tagged":{{summary.Tagged}},"duplicates":{{summary.Duplicates}},"dead":{{summary.Dead}},"seconds":{{summary.Elapsed.TotalSeconds:0.000}}}""")).ConfigureAwait(false);
        return Program.ExitOk;
    }

    /// <summary>Connects, turning an unparseable address into a usage error.</summary>
    internal static StackExchange.Redis.ConnectionMultiplexer Connect(string address, string clientName)
    {
        try
        {
            return RedisConnection.Connect(address, clientName);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--redis '{address}': {ex.Message}");
        }
    }
}

using System.CommandLine;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Pylontech.Can.Frames;
using Pylontech.Can.Mqtt;
using Pylontech.Can.Sources;
using Pylontech.Cli.Configuration;
using Pylontech.Cli.Hosting;

namespace Pylontech.Cli.Commands;

/// <summary><c>pylon-cli bridge</c>: CAN frames in, a Home Assistant device over MQTT out.</summary>
internal sealed class BridgeCommand : Command
{
    /// <summary>errno ENETDOWN: the interface exists but is down; worth waiting for.</summary>
    private const int NetworkDown = 100;

    public BridgeCommand()
        : base("bridge", "Bridge a Pylontech battery stack to Home Assistant over MQTT: the stack appears as one device by itself (MQTT discovery), " +
                         "with units, icons and energy counters for the Energy dashboard; it goes unavailable when data stops and survives broker and Home Assistant restarts.\n" +
                         "Examples:\n" +
                         "  pylon-cli bridge --interface can0 --mqtt 192.168.1.10\n" +
                         "  PYLON_MQTT_PASSWORD=secret pylon-cli bridge --interface can0 --mqtt mqtts://broker.lan --username ha\n" +
                         "  pylon-cli simulate --duration 1h | pylon-cli bridge - --mqtt localhost\n" +
                         "  pylon-cli bridge --replay stack.log --speed 10 --loop --mqtt localhost\n" +
                         "  pylon-cli bridge --remove --device-id can0 --mqtt 192.168.1.10   (delete the device and its retained topics)\n" +
                         "Settings come from flags, then PYLON_* environment variables (e.g. PYLON_MQTT, PYLON_STALE_AFTER), then --config FILE " +
                         $"(default {BridgeSettings.DefaultConfigFile}); see 'pylon-cli config --print'.\n" + ExitCodes.HelpText)
    {
        Arguments.Add(Source);
        Options.Add(Remove);
        Settings.AddTo(this);
        SetAction(RunAsync);
    }

    public BridgeSettings Settings { get; } = new();

    public Argument<string?> Source { get; } = new("SOURCE")
    {
        Description = "Where frames come from: a CAN interface, a candump log, or - for standard input (instead of --interface/--replay).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<bool> Remove { get; } = new("--remove")
    {
        Description = "Remove the device from Home Assistant: clear every retained discovery and state topic of --device-id, then exit.",
    };

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var (config, problems, _) = Settings.Resolve(parse, Environment.GetEnvironmentVariable, parse.GetValue(Source));
        var remove = parse.GetValue(Remove);
        if (config.Source is null && !remove)
        {
            problems = [.. problems, "no source: give --interface can0, --replay FILE, or SOURCE (a log file or - for standard input)"];
        }

        problems = [.. problems, .. config.Mqtt.Validate()];
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"pylon-cli bridge: {problem}");
            }

            return ExitCodes.Usage;
        }

        using var logging = Logging.Create(config.LogLevel);
        var logger = logging.CreateLogger("pylon-cli");
        if (remove)
        {
            return await RemoveAsync(config, logger, cancellation);
        }

        ICanFrameSource first;
        try
        {
            first = OpenSource(config, logger);
        }
        catch (CanSourceException e) when (e.ErrorNumber != NetworkDown || config.IsReplay)
        {
            await Console.Error.WriteLineAsync($"pylon-cli bridge: {e.Message}");
            return ExitCodes.SourceUnavailable;
        }
        catch (CanSourceException e)
        {
            // Down at start (e.g. the service started before the interface was brought up): wait for it.
            logger.LogWarning("{Problem}; waiting for it", e.Message);
            first = null!;
        }

        using var notifier = SystemdNotifier.FromEnvironment();
        await using var bridge = new PylontechMqttBridge(config.Mqtt, TimeProvider.System, logging.CreateLogger("bridge"));
        var frames = Channel.CreateBounded<CanFrame>(new BoundedChannelOptions(1 << 16) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var producer = Task.Run(() => ProduceAsync(config, first, bridge, frames.Writer, logger, stop.Token), CancellationToken.None);
        var run = bridge.RunAsync(frames.Reader, cancellation);
        logger.LogInformation("bridging {Source} to {Broker} as device {Device}", config.Source, $"{config.Mqtt.Host}:{config.Mqtt.EffectivePort}", config.Mqtt.DeviceId);
        notifier.Ready($"bridging {config.Source} to {config.Mqtt.Host}:{config.Mqtt.EffectivePort}");
        var watchdog = notifier.WatchdogInterval is { } every ? PingWatchdogAsync(notifier, every, stop.Token) : Task.CompletedTask;

        var exitCode = ExitCodes.Success;
        try
        {
            await run;
        }
        finally
        {
            notifier.Stopping();
            await stop.CancelAsync();
            exitCode = await producer;
            await watchdog;
        }

        return exitCode;
    }

    private static ICanFrameSource OpenSource(BridgeConfig config, ILogger logger)
    {
        var name = config.Source!;
        ICanFrameSource Open()
        {
            var source = CanSources.Open(name, new CandumpReaderOptions { FileName = name == "-" ? CandumpReader.StandardInputName : name });
            if (source is CandumpReader reader)
            {
                // Every pass of a looped replay is a new reader: each reports its malformed lines.
                reader.ParseError += (_, e) => logger.LogWarning("{Problem}", e.Message);
            }

            return source;
        }

        if (config.Speed == 0 && !config.Loop)
        {
            return Open();
        }

        // The paced source opens the log at once (so open errors surface here) and again for every loop.
        return new PacedCanFrameSource(Open, new ReplayOptions { Speed = config.Speed == 0 ? double.PositiveInfinity : config.Speed, Loop = config.Loop });
    }

    /// <summary>
    /// Moves frames from the source to the bridge. A live interface that fails (goes down, disappears) is reopened
    /// with backoff while the bridge keeps running and shows the battery unavailable; a log or pipe ends the run.
    /// </summary>
    private static async Task<int> ProduceAsync(BridgeConfig config, ICanFrameSource? source, PylontechMqttBridge bridge, ChannelWriter<CanFrame> writer, ILogger logger, CancellationToken cancellation)
    {
        var buffer = new CanFrame[1024];
        var backoff = TimeSpan.FromSeconds(1);
        var recovering = false;
        var live = !config.IsReplay && config.Source != "-" && !File.Exists(config.Source);
        var exitCode = ExitCodes.Success;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                try
                {
                    source ??= OpenSource(config, logger);

                    while (true)
                    {
                        var read = await source.ReadAsync(buffer, cancellation).AsTask().WaitAsync(cancellation);
                        if (read == 0)
                        {
                            cancellation.ThrowIfCancellationRequested();
                            logger.LogInformation("{Source}: end of input", config.Source);
                            return ExitCodes.Success;
                        }

                        if (recovering)
                        {
                            logger.LogInformation("{Source}: frames are arriving again", config.Source);
                            backoff = TimeSpan.FromSeconds(1);
                            recovering = false;
                        }

                        for (var i = 0; i < read; i++)
                        {
                            if (!writer.TryWrite(buffer[i]))
                            {
                                await writer.WriteAsync(buffer[i], cancellation);
                            }
                        }
                    }
                }
                catch (CanSourceException e) when (live)
                {
                    logger.LogError("{Problem}; retrying in {Seconds} s", e.Message, backoff.TotalSeconds);
                    bridge.ReportSourceDown(e.Message);
                    await DisposeQuietly(source);
                    source = null;
                    await Task.Delay(backoff, cancellation);

                    // An interface that is down comes back when someone brings it up: look every second.
                    // Anything else (it vanished, a USB adapter was unplugged) backs off up to 30 s.
                    backoff = e.ErrorNumber == NetworkDown ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                    recovering = true;
                }
                catch (CanSourceException e)
                {
                    logger.LogError("{Problem}", e.Message);
                    exitCode = ExitCodes.Failure;
                    return exitCode;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            writer.TryComplete();
            await DisposeQuietly(source);
        }

        return exitCode;
    }

    private static async Task DisposeQuietly(ICanFrameSource? source)
    {
        if (source is not null)
        {
            await SourceClosing.DisposeAsync(source);
        }
    }

    private static async Task PingWatchdogAsync(SystemdNotifier notifier, TimeSpan every, CancellationToken cancellation)
    {
        try
        {
            using var timer = new PeriodicTimer(every);
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                notifier.Watchdog();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static async Task<int> RemoveAsync(BridgeConfig config, ILogger logger, CancellationToken cancellation)
    {
        try
        {
            var removed = await PylontechMqttBridge.RemoveAsync(config.Mqtt, cancellationToken: cancellation);
            logger.LogInformation("removed device {Device}: cleared {Count} retained topics", config.Mqtt.DeviceId, removed.Count);
            foreach (var topic in removed)
            {
                await Console.Out.WriteLineAsync(topic);
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"pylon-cli bridge: cannot remove device {config.Mqtt.DeviceId} from {config.Mqtt.Host}:{config.Mqtt.EffectivePort}: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}

using System.CommandLine;
using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;
using Pylontech.Cli.Output;

namespace Pylontech.Cli.Commands;

/// <summary><c>pylon-cli dump</c>: reads frames from an interface, a log or a pipe and prints them decoded.</summary>
internal sealed class DumpCommand : Command
{
    private readonly SourceOptions _sources = new();

    public DumpCommand()
        : base("dump", "Print every CAN frame decoded with the Pylontech DBC (or your own): from a SocketCAN interface, a candump log, or standard input.\n" +
                       "Examples:\n" +
                       "  pylon-cli dump can0\n" +
                       "  pylon-cli dump samples/us5000-classic.log --format ndjson\n" +
                       "  candump -L can0 | pylon-cli dump - --id 356,351\n" +
                       "  pylon-cli dump can0 --format candump -o recording.log   (replay later with canplayer)\n" +
                       ExitCodes.HelpText)
    {
        Arguments.Add(Source);
        Options.Add(Format);
        Options.Add(Dbc);
        Options.Add(Count);
        Options.Add(Unknown);
        Options.Add(Stats);
        Options.Add(Output);
        _sources.AddTo(this);
        Count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is <= 0)
            {
                result.AddError("-n/--count: must be a positive number of frames");
            }
        });
        SetAction(RunAsync);
    }

    public Argument<string> Source { get; } = new("SOURCE")
    {
        Description = "A SocketCAN interface (can0), a candump log file (-L/-l or screen format), or - for standard input.",
    };

    public Option<DumpFormat> Format { get; } = new("--format", "-f")
    {
        Description = "text: candump line + signals with units; ndjson: one JSON object per line; csv: one column per signal; candump: -L log lines for canplayer.",
        DefaultValueFactory = _ => DumpFormat.Text,
        HelpName = "text|ndjson|csv|candump",
    };

    public Option<FileInfo?> Dbc { get; } = new("--dbc") { Description = "Decode with this DBC file instead of the built-in Pylontech one." };

    public Option<long?> Count { get; } = new("--count", "-n") { Description = "Stop after this many frames." };

    public Option<bool> Unknown { get; } = new("--unknown") { Description = "Also show frames whose id the DBC does not describe (raw). --format candump always records every frame." };

    public Option<bool> Stats { get; } = new("--stats") { Description = "At the end (also after Ctrl-C), print frames per id, rates and problems to standard error." };

    public Option<string> Output { get; } = new("--output", "-o") { Description = "Write to this file instead of standard output.", DefaultValueFactory = _ => "-" };

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var error = Console.Error;
        DbcDecoder decoder;
        try
        {
            decoder = DecoderOption.Load(parse.GetValue(Dbc));
        }
        catch (DecoderLoadException e)
        {
            await error.WriteLineAsync($"pylon-cli dump: {e.Message}");
            return ExitCodes.BadDbc;
        }

        var name = parse.GetValue(Source)!;
        ICanFrameSource source;
        Func<long> malformed;
        try
        {
            source = _sources.Open(parse, name, error, out malformed);
        }
        catch (CanSourceException e)
        {
            await error.WriteLineAsync($"pylon-cli dump: {e.Message}");
            return ExitCodes.SourceUnavailable;
        }

        var outputPath = parse.GetValue(Output)!;
        Stream stream;
        try
        {
            stream = outputPath == "-" ? Console.OpenStandardOutput() : File.Create(outputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"pylon-cli dump: cannot write {outputPath}: {e.Message}");
            await source.DisposeAsync();
            return ExitCodes.Failure;
        }

        var ids = _sources.GetIds(parse);
        var statistics = new DumpStatistics();
        var exitCode = ExitCodes.Success;
        var output = new Utf8Output(stream);
        try
        {
            await DumpAsync(parse, source, decoder, ids, output, statistics, cancellation);
            await output.DisposeAsync();
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await CloseQuietly(output);
            exitCode = ExitCodes.Interrupted;
        }
        catch (CanSourceException e)
        {
            await CloseQuietly(output);
            await error.WriteLineAsync($"pylon-cli dump: {e.Message}");
            exitCode = ExitCodes.Failure;
        }
        catch (IOException) when (outputPath == "-")
        {
            // The reader of the pipe went away (e.g. `| head`): end quietly.
            await CloseQuietly(output);
            await SourceClosing.DisposeAsync(source);
            return ExitCodes.Success;
        }

        if (parse.GetValue(Stats))
        {
            await error.WriteAsync(statistics.Format(decoder, malformed()));
        }

        await SourceClosing.DisposeAsync(source);
        return exitCode;
    }

    private async Task DumpAsync(ParseResult parse, ICanFrameSource source, DbcDecoder decoder, HashSet<uint>? ids, Utf8Output output, DumpStatistics statistics, CancellationToken cancellation)
    {
        var columns = decoder.Messages.Where(m => ids is null || ids.Contains(m.Id)).ToList();
        var formatter = FrameFormatter.Create(parse.GetValue(Format), output, decoder, columns);
        // A candump recording keeps every frame, whether or not the DBC knows it.
        var showUnknown = parse.GetValue(Unknown) || parse.GetValue(Format) == DumpFormat.Candump;
        var limit = parse.GetValue(Count) ?? long.MaxValue;
        var frames = new CanFrame[1024];
        formatter.WriteHeader();
        while (statistics.Frames < limit)
        {
            // WaitAsync: a read of standard input does not watch the token, and Ctrl-C must still end the dump.
            var read = await source.ReadAsync(frames, cancellation).AsTask().WaitAsync(cancellation);
            if (read == 0)
            {
                // The end of the source, or a source that stopped reading because of the cancellation.
                cancellation.ThrowIfCancellationRequested();
                break;
            }

            for (var i = 0; i < read && statistics.Frames < limit; i++)
            {
                ref readonly var frame = ref frames[i];
                if (ids is not null && !ids.Contains(frame.Id))
                {
                    continue;
                }

                var message = frame.IsError || frame.IsRemote ? null : decoder.FindMessage(frame.Id, frame.IsExtended);
                if (message is null && !showUnknown && !frame.IsError)
                {
                    statistics.Unknown++;
                    continue;
                }

                formatter.Write(frame, message);
                statistics.Count(frame);
            }

            if (read < frames.Length)
            {
                // The source had no more frames ready (a live interface or pipe): show what came now.
                await output.FlushAsync(cancellation);
            }
            else
            {
                await output.FlushIfFullAsync(cancellation);
            }
        }
    }

    private static async Task<bool> CloseQuietly(Utf8Output output)
    {
        try
        {
            await output.DisposeAsync();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

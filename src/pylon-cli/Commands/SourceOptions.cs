using System.CommandLine;
using System.Globalization;
using Pylontech.Can.Sources;

namespace Pylontech.Cli.Commands;

/// <summary>The options every command that reads CAN frames shares: strictness, id filters, replay pacing.</summary>
internal sealed class SourceOptions
{
    public Option<bool> Strict { get; } = new("--strict") { Description = "Stop at the first malformed log line (exit code 1) instead of reporting it and going on." };

    public Option<string[]> Ids { get; } = new("--id")
    {
        Description = "Only these CAN ids, in hex (356 or 0x356); repeat the option or separate with commas. On a CAN interface the kernel filters them.",
        AllowMultipleArgumentsPerToken = true,
        HelpName = "ID[,ID...]",
    };

    public Option<double> Speed { get; } = new("--speed")
    {
        Description = "Replay a log at this multiple of real time (1 = real time, 10 = ten times faster); 0 = as fast as possible.",
        DefaultValueFactory = _ => 0,
    };

    public Option<bool> Loop { get; } = new("--loop") { Description = "Replay a log again and again (timestamps keep increasing); stop with Ctrl-C." };

    public void AddTo(Command command)
    {
        command.Options.Add(Strict);
        command.Options.Add(Ids);
        command.Options.Add(Speed);
        command.Options.Add(Loop);
        Ids.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                foreach (var part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!TryParseId(part, out _))
                    {
                        result.AddError($"--id: '{part}' is not a CAN id in hex (e.g. 356 or 0x18FF50E5)");
                    }
                }
            }
        });
        Speed.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or double.NaN)
            {
                result.AddError("--speed: must be 0 (as fast as possible) or a positive multiple of real time");
            }
        });
    }

    /// <summary>The ids given with --id, or null for all.</summary>
    public HashSet<uint>? GetIds(ParseResult parse)
    {
        var values = parse.GetValue(Ids);
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var ids = new HashSet<uint>();
        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            TryParseId(part, out var id);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Opens a source by name (interface, file or <c>-</c>), reporting malformed lines on <paramref name="error"/>.</summary>
    /// <exception cref="CanSourceException">The source cannot be opened.</exception>
    public ICanFrameSource Open(ParseResult parse, string name, TextWriter error, out Func<long> malformedLines)
    {
        var strict = parse.GetValue(Strict);
        var ids = GetIds(parse);
        var speed = parse.GetValue(Speed);
        var loop = parse.GetValue(Loop);
        var count = 0L;
        malformedLines = () => Interlocked.Read(ref count);

        ICanFrameSource OpenOnce()
        {
            var source = CanSources.Open(
                name,
                new CandumpReaderOptions { FileName = name == CanSources.StandardInput ? CandumpReader.StandardInputName : name, Strict = strict },
                new SocketCanOptions { Filters = ids?.Select(id => CanFilter.Exact(id, id > 0x7FF)).ToList() });
            if (source is CandumpReader reader)
            {
                reader.ParseError += (_, e) =>
                {
                    Interlocked.Increment(ref count);
                    if (!strict)
                    {
                        error.WriteLine(e.Message);
                    }
                };
            }

            return source;
        }

        if (speed == 0 && !loop)
        {
            return OpenOnce();
        }

        if (loop && name == CanSources.StandardInput)
        {
            throw new CanSourceException(name, "--loop needs a log file: standard input cannot be read twice", 0);
        }

        // The paced source opens the log at once (so open errors surface here) and again for every loop.
        return new PacedCanFrameSource(OpenOnce, new ReplayOptions { Speed = speed == 0 ? double.PositiveInfinity : speed, Loop = loop });
    }

    private static bool TryParseId(string text, out uint id)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id) && id <= 0x1FFFFFFF && hex.Length > 0;
    }
}

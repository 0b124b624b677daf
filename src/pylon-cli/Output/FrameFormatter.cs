using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;

namespace Pylontech.Cli.Output;

/// <summary>The output formats of <c>pylon-cli dump</c>.</summary>
internal enum DumpFormat
{
    /// <summary>The candump line followed by the decoded signals with units, for people.</summary>
    Text,

    /// <summary>One JSON object per line.</summary>
    Ndjson,

    /// <summary>A header line and one row per frame, one column per signal.</summary>
    Csv,

    /// <summary>candump -L log lines, which canplayer replays.</summary>
    Candump,
}

/// <summary>
/// Writes decoded frames in one output format. The decoded part of a line depends only on the message and its data,
/// and batteries repeat most frames unchanged every second, so each message's last formatted signals are kept and
/// reused while the data stays the same.
/// </summary>
internal abstract class FrameFormatter
{
    private readonly Dictionary<MessageDescriptor, CachedSignals> _cache = [];
    private readonly SignalValue[] _values;

    protected FrameFormatter(Utf8Output output, DbcDecoder decoder)
    {
        Output = output;
        Decoder = decoder;
        Formats = new SignalFormats(decoder);
        _values = new SignalValue[Math.Max(1, decoder.MaxSignalCount)];
    }

    protected Utf8Output Output { get; }

    protected DbcDecoder Decoder { get; }

    protected SignalFormats Formats { get; }

    public static FrameFormatter Create(DumpFormat format, Utf8Output output, DbcDecoder decoder, IReadOnlyCollection<MessageDescriptor> columns) => format switch
    {
        DumpFormat.Text => new TextFrameFormatter(output, decoder),
        DumpFormat.Ndjson => new NdjsonFrameFormatter(output, decoder),
        DumpFormat.Csv => new CsvFrameFormatter(output, decoder, columns),
        _ => new CandumpFrameFormatter(output, decoder),
    };

    /// <summary>Writes what comes before the first frame (a CSV header).</summary>
    public virtual void WriteHeader()
    {
    }

    /// <summary>Writes one frame; <paramref name="message"/> is null for a frame the DBC does not describe.</summary>
    public abstract void Write(in CanFrame frame, MessageDescriptor? message);

    /// <summary>Writes the decoded signals of a frame, from the cache when the message's data has not changed.</summary>
    protected void WriteSignals(in CanFrame frame, MessageDescriptor message)
    {
        if (!_cache.TryGetValue(message, out var cached))
        {
            cached = new CachedSignals();
            _cache[message] = cached;
        }

        if (cached.Valid && cached.RawData == frame.RawData && cached.Length == frame.Length)
        {
            Output.Write(cached.Bytes.AsSpan(0, cached.Count));
            return;
        }

        var start = Output.Buffered;
        message.TryDecode(frame.Data, _values, out var count);
        FormatSignals(_values.AsSpan(0, count), Formats.For(message));
        var written = Output.WrittenSince(start);
        if (cached.Bytes.Length < written.Length)
        {
            cached.Bytes = new byte[written.Length * 2];
        }

        written.CopyTo(cached.Bytes);
        cached.Count = written.Length;
        cached.RawData = frame.RawData;
        cached.Length = frame.Length;
        cached.Valid = true;
    }

    /// <summary>Formats the decoded signals of one frame (only present signals are in <paramref name="values"/> or have IsPresent set).</summary>
    protected abstract void FormatSignals(ReadOnlySpan<SignalValue> values, SignalFormat[] formats);

    /// <summary>Writes a frame's timestamp as seconds with six decimals.</summary>
    protected void WriteTimestamp(long microseconds)
    {
        var seconds = Math.DivRem(microseconds, 1_000_000, out var micros);
        if (micros < 0)
        {
            seconds--;
            micros += 1_000_000;
        }

        Output.Write(seconds);
        Output.Write((byte)'.');
        Output.Write(micros, "D6");
    }

    private sealed class CachedSignals
    {
        public byte[] Bytes { get; set; } = new byte[256];

        public int Count { get; set; }

        public ulong RawData { get; set; }

        public int Length { get; set; }

        public bool Valid { get; set; }
    }
}

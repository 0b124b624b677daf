using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;

namespace Pylontech.Cli.Output;

/// <summary>candump -L log lines (<c>(1700000000.002000) can0 356#7A13F2FE6B01</c>) that canplayer replays.</summary>
internal sealed class CandumpFrameFormatter(Utf8Output output, DbcDecoder decoder) : FrameFormatter(output, decoder)
{
    private const int MaxLine = 256;

    public static void WriteLine(Utf8Output output, in CanFrame frame, bool newline)
    {
        CandumpWriter.TryFormat(frame, output.GetSpan(MaxLine), out var written);
        output.Advance(newline ? written : written - 1);
    }

    public override void Write(in CanFrame frame, MessageDescriptor? message) => WriteLine(Output, frame, newline: true);

    protected override void FormatSignals(ReadOnlySpan<SignalValue> values, SignalFormat[] formats)
    {
    }
}

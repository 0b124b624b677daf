using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;

namespace Pylontech.Cli.Output;

/// <summary>
/// The candump line, two spaces, then the signals: <c>(1700000000.002000) can0 356#7A13F2FE6B01  BatteryVoltage=49.86 V BatteryCurrent=-27.0 A ...</c>.
/// Flags print as 1 or 0, value-table values by name, text in quotes; signals the frame is too short for are left out.
/// </summary>
internal sealed class TextFrameFormatter(Utf8Output output, DbcDecoder decoder) : FrameFormatter(output, decoder)
{
    public override void Write(in CanFrame frame, MessageDescriptor? message)
    {
        CandumpFrameFormatter.WriteLine(Output, frame, newline: false);
        if (message is not null)
        {
            WriteSignals(frame, message);
        }
        else if (frame.IsError && CanErrorReport.TryDecode(frame, out var report))
        {
            Output.Write("  error frame: "u8);
            Output.Write(report.ToString());
        }

        Output.Write((byte)'\n');
    }

    protected override void FormatSignals(ReadOnlySpan<SignalValue> values, SignalFormat[] formats)
    {
        var first = true;
        foreach (var value in values)
        {
            if (!value.IsPresent)
            {
                continue;
            }

            var format = formats[value.Signal.Index];
            Output.Write(first ? "  "u8 : " "u8);
            first = false;
            Output.Write(format.Name);
            Output.Write((byte)'=');
            switch (value.Signal.Kind)
            {
                case SignalKind.Flag:
                    Output.Write(value.IsSet ? (byte)'1' : (byte)'0');
                    break;
                case SignalKind.Enum when value.ValueName is { } name:
                    Output.Write(name);
                    break;
                case SignalKind.Enum:
                    Output.Write(value.RawValue);
                    break;
                case SignalKind.Text:
                    Output.Write((byte)'"');
                    value.TryCopyText(Output.GetSpan(SignalValue.MaxTextLength), out var length);
                    Output.Advance(length);
                    Output.Write((byte)'"');
                    break;
                default:
                    Output.Write(value.Value, format.NumberFormat);
                    Output.Write(format.Unit);
                    break;
            }
        }
    }
}

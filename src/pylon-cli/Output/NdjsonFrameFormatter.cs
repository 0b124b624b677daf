using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;

namespace Pylontech.Cli.Output;

/// <summary>
/// One JSON object per frame and line:
/// <c>{"timestamp":1700000000.002000,"interface":"can0","id":"356","extended":false,"dlc":6,"data":"7A13F2FE6B01","message":"BatteryMeasurements","signals":{"BatteryVoltage":49.86,...}}</c>.
/// Signals are numbers, flags true/false, value-table values their name (a number when the table has none), text a string.
/// </summary>
internal sealed class NdjsonFrameFormatter(Utf8Output output, DbcDecoder decoder) : FrameFormatter(output, decoder)
{
    public override void Write(in CanFrame frame, MessageDescriptor? message)
    {
        Output.Write("{\"timestamp\":"u8);
        WriteTimestamp(frame.TimestampMicroseconds);
        Output.Write(",\"interface\":"u8);
        Json.WriteString(Output, frame.Interface ?? "");
        Output.Write(",\"id\":\""u8);
        Output.Write(frame.Id, frame.IsExtended ? "X8" : "X3");
        Output.Write(frame.IsExtended ? "\",\"extended\":true"u8 : "\",\"extended\":false"u8);
        if (frame.IsRemote)
        {
            Output.Write(",\"remote\":true"u8);
        }

        if (frame.IsError)
        {
            Output.Write(",\"error\":true"u8);
        }

        Output.Write(",\"dlc\":"u8);
        Output.Write((int)frame.Length);
        Output.Write(",\"data\":\""u8);
        Convert.TryToHexString(frame.Data, Output.GetSpan(16), out var hex);
        Output.Advance(hex);
        Output.Write("\",\"message\":"u8);
        if (message is null)
        {
            Output.Write("null,\"signals\":{}}\n"u8);
            return;
        }

        Json.WriteString(Output, message.Name);
        Output.Write(",\"signals\":{"u8);
        WriteSignals(frame, message);
        Output.Write("}}\n"u8);
    }

    protected override void FormatSignals(ReadOnlySpan<SignalValue> values, SignalFormat[] formats)
    {
        var first = true;
        Span<byte> text = stackalloc byte[SignalValue.MaxTextLength];
        foreach (var value in values)
        {
            if (!value.IsPresent)
            {
                continue;
            }

            if (!first)
            {
                Output.Write((byte)',');
            }

            first = false;
            var format = formats[value.Signal.Index];
            Output.Write((byte)'"');
            Output.Write(format.Name);
            Output.Write("\":"u8);
            switch (value.Signal.Kind)
            {
                case SignalKind.Flag:
                    Output.Write(value.IsSet ? "true"u8 : "false"u8);
                    break;
                case SignalKind.Enum when value.ValueName is { } name:
                    Json.WriteString(Output, name);
                    break;
                case SignalKind.Enum:
                    Output.Write(value.RawValue);
                    break;
                case SignalKind.Text:
                    value.TryCopyText(text, out var length);
                    Json.WriteString(Output, text[..length]);
                    break;
                default:
                    if (double.IsFinite(value.Value))
                    {
                        Output.Write(value.Value, format.NumberFormat);
                    }
                    else
                    {
                        Output.Write("null"u8);
                    }

                    break;
            }
        }
    }
}

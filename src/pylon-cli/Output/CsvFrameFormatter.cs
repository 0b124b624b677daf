using System.Text;
using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;

namespace Pylontech.Cli.Output;

/// <summary>
/// A header line, then one row per frame: <c>timestamp,interface,id,dlc,data,message</c> and one column per signal of
/// the messages shown (named after the signal, or <c>Message.Signal</c> where two messages share a signal name); a row
/// fills the columns of its own message and leaves the others empty.
/// </summary>
internal sealed class CsvFrameFormatter : FrameFormatter
{
    private readonly IReadOnlyList<MessageDescriptor> _columns;
    private readonly Dictionary<MessageDescriptor, (int Before, int After)> _position = [];
    private readonly int _signalColumns;

    public CsvFrameFormatter(Utf8Output output, DbcDecoder decoder, IReadOnlyCollection<MessageDescriptor> columns)
        : base(output, decoder)
    {
        _columns = columns.ToList();
        var before = 0;
        foreach (var message in _columns)
        {
            _position[message] = (before, 0);
            before += message.Signals.Count;
        }

        _signalColumns = before;
        foreach (var message in _columns)
        {
            var (b, _) = _position[message];
            _position[message] = (b, _signalColumns - b - message.Signals.Count);
        }
    }

    public override void WriteHeader()
    {
        var names = _columns.SelectMany(m => m.Signals).GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var header = new StringBuilder("timestamp,interface,id,dlc,data,message");
        foreach (var signal in _columns.SelectMany(m => m.Signals))
        {
            header.Append(',').Append(names.Contains(signal.Name) ? $"{signal.Message.Name}.{signal.Name}" : signal.Name);
        }

        Output.Write(header.Append('\n').ToString());
    }

    public override void Write(in CanFrame frame, MessageDescriptor? message)
    {
        WriteTimestamp(frame.TimestampMicroseconds);
        Output.Write((byte)',');
        WriteField(frame.Interface ?? "");
        Output.Write((byte)',');
        Output.Write(frame.Id, frame.IsExtended ? "X8" : "X3");
        Output.Write((byte)',');
        Output.Write((int)frame.Length);
        Output.Write((byte)',');
        Convert.TryToHexString(frame.Data, Output.GetSpan(16), out var hex);
        Output.Advance(hex);
        Output.Write((byte)',');
        if (message is not null && _position.TryGetValue(message, out var position))
        {
            Output.Write(message.Name);
            Commas(position.Before);
            WriteSignals(frame, message);
            Commas(position.After);
        }
        else
        {
            Commas(_signalColumns);
        }

        Output.Write((byte)'\n');
    }

    protected override void FormatSignals(ReadOnlySpan<SignalValue> values, SignalFormat[] formats)
    {
        Span<bool> present = stackalloc bool[formats.Length];
        Span<int> at = stackalloc int[formats.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].IsPresent)
            {
                present[values[i].Signal.Index] = true;
                at[values[i].Signal.Index] = i;
            }
        }

        for (var index = 0; index < formats.Length; index++)
        {
            Output.Write((byte)',');
            if (!present[index])
            {
                continue;
            }

            var value = values[at[index]];
            switch (value.Signal.Kind)
            {
                case SignalKind.Flag:
                    Output.Write(value.IsSet ? (byte)'1' : (byte)'0');
                    break;
                case SignalKind.Enum when value.ValueName is { } name:
                    WriteField(name);
                    break;
                case SignalKind.Enum:
                    Output.Write(value.RawValue);
                    break;
                case SignalKind.Text:
                    WriteField(value.GetText());
                    break;
                default:
                    Output.Write(value.Value, formats[index].NumberFormat);
                    break;
            }
        }
    }

    private void Commas(int count)
    {
        var span = Output.GetSpan(count);
        span[..count].Fill((byte)',');
        Output.Advance(count);
    }

    /// <summary>A text field, quoted (RFC 4180) when it holds a comma, quote or line break.</summary>
    private void WriteField(string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            Output.Write(text);
            return;
        }

        Output.Write((byte)'"');
        Output.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        Output.Write((byte)'"');
    }
}

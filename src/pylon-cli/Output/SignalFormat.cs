using System.Text;
using Pylontech.Can.Decoding;

namespace Pylontech.Cli.Output;

/// <summary>How one signal is printed: its name and unit as UTF-8 and the number format that shows its resolution.</summary>
internal sealed class SignalFormat
{
    public SignalFormat(SignalDescriptor signal)
    {
        Signal = signal;
        Name = Encoding.UTF8.GetBytes(signal.Name);
        Unit = signal.Unit.Length == 0 ? [] : Encoding.UTF8.GetBytes(" " + signal.Unit);
        NumberFormat = NumberFormatFor(signal);
    }

    public SignalDescriptor Signal { get; }

    public byte[] Name { get; }

    /// <summary>The unit with a leading space, or empty.</summary>
    public byte[] Unit { get; }

    /// <summary>
    /// The format of the physical value: as many decimals as the factor has (0.1 V → "F1", so 27 A prints as 27.0),
    /// "R" (shortest round trip) where the factor is not decimal.
    /// </summary>
    public string NumberFormat { get; }

    private static string NumberFormatFor(SignalDescriptor signal) =>
        signal.DecimalPlaces is { } decimals ? "F" + decimals.ToString(System.Globalization.CultureInfo.InvariantCulture) : "R";
}

/// <summary>The formats of every signal of every message of a decoder, built once.</summary>
internal sealed class SignalFormats
{
    private readonly Dictionary<MessageDescriptor, SignalFormat[]> _formats = [];

    public SignalFormats(DbcDecoder decoder)
    {
        foreach (var message in decoder.Messages)
        {
            _formats[message] = message.Signals.Select(s => new SignalFormat(s)).ToArray();
        }
    }

    public SignalFormat[] For(MessageDescriptor message) => _formats[message];
}

using System.Buffers.Binary;
using System.Text;
using Pylontech.Can.Dbc;

namespace Pylontech.Can.Frames;

/// <summary>
/// Builds the data bytes of a DBC message from physical signal values: the inverse of decoding, for emulators,
/// simulators and tests.
/// </summary>
/// <example>
/// <code>
/// var frame = new DbcFrameBuilder(DbcFile.Pylontech.FindMessage(0x356)!)
///     .Set("BatteryVoltage", 49.86).Set("BatteryCurrent", -27.0).Set("BatteryTemperature", 36.3)
///     .ToFrame(length: 6); // 356#7A13F2FE6B01
/// </code>
/// </example>
public sealed class DbcFrameBuilder
{
    private readonly DbcMessage _message;
    private ulong _data;

    /// <summary>Starts an all-zero frame of a message.</summary>
    /// <param name="message">The message to build.</param>
    public DbcFrameBuilder(DbcMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length > CanFrame.MaxDataLength)
        {
            throw new ArgumentException($"message '{message.Name}' is {message.Length} bytes long; frames of more than {CanFrame.MaxDataLength} bytes are not supported", nameof(message));
        }

        _message = message;
    }

    /// <summary>Sets a signal to a physical value: raw = round((value − offset) / factor), clamped to the raw range.</summary>
    /// <param name="signalName">The signal's name as in the DBC.</param>
    /// <param name="value">The physical value, in the signal's unit.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The message has no such signal.</exception>
    public DbcFrameBuilder Set(string signalName, double value)
    {
        var signal = Find(signalName);
        long raw;
        switch (signal.ValueType)
        {
            case DbcValueType.Float32:
                raw = BitConverter.SingleToInt32Bits((float)((value - signal.Offset) / signal.Factor)) & 0xFFFFFFFFL;
                break;
            case DbcValueType.Float64:
                raw = BitConverter.DoubleToInt64Bits((value - signal.Offset) / signal.Factor);
                break;
            default:
                var scaled = Math.Round((value - signal.Offset) / signal.Factor, MidpointRounding.AwayFromZero);
                var (min, max) = RawRange(signal);
                raw = scaled <= min ? (long)min : scaled >= max ? (long)max : (long)scaled;
                break;
        }

        Put(signal, unchecked((ulong)raw));
        return this;
    }

    /// <summary>Sets a flag signal.</summary>
    /// <param name="signalName">The signal's name.</param>
    /// <param name="value">The flag.</param>
    /// <returns>This builder.</returns>
    public DbcFrameBuilder Set(string signalName, bool value) => Set(signalName, value ? 1 : 0);

    /// <summary>Sets an ASCII signal; text shorter than the signal is padded with <paramref name="padding"/>.</summary>
    /// <param name="signalName">The signal's name.</param>
    /// <param name="text">ASCII text, at most one character per byte of the signal.</param>
    /// <param name="padding">The byte that fills the rest (a space by default, as Pylontech pads).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No such signal, it is not byte-aligned, or the text is too long or not ASCII.</exception>
    public DbcFrameBuilder SetText(string signalName, string text, byte padding = 0x20)
    {
        ArgumentNullException.ThrowIfNull(text);
        var signal = Find(signalName);
        if (signal.ByteOrder != DbcByteOrder.LittleEndian || signal.StartBit % 8 != 0 || signal.Length % 8 != 0)
        {
            throw new ArgumentException($"signal '{signalName}' is not a byte-aligned Intel signal and cannot hold text", nameof(signalName));
        }

        var size = signal.Length / 8;
        if (text.Length > size || !Ascii.IsValid(text))
        {
            throw new ArgumentException($"'{text}' is not ASCII text of at most {size} characters", nameof(text));
        }

        Span<byte> bytes = stackalloc byte[8];
        bytes.Fill(padding);
        System.Text.Encoding.ASCII.GetBytes(text, bytes);
        Put(signal, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        return this;
    }

    /// <summary>The frame built so far.</summary>
    /// <param name="length">The number of data bytes to send (the message's DLC by default).</param>
    /// <param name="timestampMicroseconds">The frame's timestamp.</param>
    /// <param name="interfaceName">The interface to name.</param>
    /// <returns>The frame.</returns>
    public CanFrame ToFrame(int? length = null, long timestampMicroseconds = 0, string? interfaceName = null) =>
        CanFrame.FromRaw(_message.Id, _data, length ?? _message.Length,
            _message.IsExtended ? CanFrameFlags.Extended : CanFrameFlags.None, timestampMicroseconds, interfaceName);

    private DbcSignal Find(string signalName)
    {
        foreach (var signal in _message.Signals)
        {
            if (signal.Name == signalName)
            {
                return signal;
            }
        }

        throw new ArgumentException($"message '{_message.Name}' has no signal '{signalName}'", nameof(signalName));
    }

    private static (double Min, double Max) RawRange(DbcSignal signal)
    {
        if (signal.IsSigned)
        {
            var half = Math.Pow(2, signal.Length - 1);
            return (-half, half - 1);
        }

        return (0, Math.Pow(2, signal.Length) - 1);
    }

    private void Put(DbcSignal signal, ulong raw)
    {
        var bit = 0;
        foreach (var position in signal.BitPositions())
        {
            var mask = 1UL << position;
            _data = ((raw >> bit) & 1) != 0 ? _data | mask : _data & ~mask;
            bit++;
        }
    }
}

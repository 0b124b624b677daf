using Pylontech.Can.Dbc;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Mqtt;

/// <summary>
/// Maps CAN frames to signal slots of a <see cref="BatteryState"/>. Every bit position, scale and unit comes from the
/// DBC (<see cref="DbcFile.Pylontech"/> by default): nothing here repeats a fact of the protocol.
/// </summary>
/// <remarks>
/// Decoding is a shift and a mask on <see cref="CanFrame.RawData"/> per signal: no allocation, no boxing. A signal whose
/// bytes are missing from a short frame is left as it was (absent until some frame carries it). Motorola (big-endian)
/// signals are not read; the Pylontech DBC has none.
/// </remarks>
internal sealed class FrameDecoder
{
    private const int MaxStandardId = 0x7FF;
    private readonly MessageLayout?[] _byId = new MessageLayout?[MaxStandardId + 1];
    private readonly Dictionary<(string Message, string Signal), int> _slots = new();
    private readonly List<SignalInfo> _signals = new();
    private readonly List<MessageLayout> _messages = new();

    private FrameDecoder(DbcFile file)
    {
        foreach (var message in file.Messages)
        {
            if (message.IsExtended || message.Id > MaxStandardId)
            {
                continue;
            }

            var extractors = new List<SignalExtractor>();
            foreach (var signal in message.Signals)
            {
                if (signal.ByteOrder != DbcByteOrder.LittleEndian || signal.Multiplexer is not null || signal.ValueType != DbcValueType.Integer)
                {
                    continue;
                }

                var slot = _signals.Count;
                var info = new SignalInfo(slot, message, signal, IsText(signal), IsStateField(signal), signal.IsFlag);
                _signals.Add(info);
                _slots[(message.Name, signal.Name)] = slot;
                extractors.Add(new SignalExtractor(slot, signal, info.IsFlag || info.IsStateField, info.IsText));
            }

            var layout = new MessageLayout(_messages.Count, message.Id, message.Name, extractors.ToArray());
            _messages.Add(layout);
            _byId[message.Id] = layout;
        }
    }

    /// <summary>The decoder for the bundled Pylontech DBC.</summary>
    public static FrameDecoder Pylontech { get; } = new(DbcFile.Pylontech);

    /// <summary>The number of signal slots.</summary>
    public int SlotCount => _signals.Count;

    /// <summary>The number of messages (frame kinds) known.</summary>
    public int MessageCount => _messages.Count;

    /// <summary>Every signal slot, in DBC order.</summary>
    public IReadOnlyList<SignalInfo> Signals => _signals;

    /// <summary>Every message, in DBC order.</summary>
    public IReadOnlyList<MessageLayout> Messages => _messages;

    /// <summary>The slot of a signal.</summary>
    /// <exception cref="KeyNotFoundException">The DBC has no such message or signal.</exception>
    public int SlotOf(string message, string signal) =>
        _slots.TryGetValue((message, signal), out var slot)
            ? slot
            : throw new KeyNotFoundException($"pylontech.dbc has no signal {message}.{signal}");

    /// <summary>Whether the DBC has the signal.</summary>
    public bool HasSignal(string message, string signal) => _slots.ContainsKey((message, signal));

    /// <summary>The message with a name.</summary>
    /// <exception cref="KeyNotFoundException">The DBC has no such message.</exception>
    public MessageLayout MessageNamed(string name) =>
        _messages.Find(m => m.Name == name) ?? throw new KeyNotFoundException($"pylontech.dbc has no message {name}");

    /// <summary>The layout of a frame's message, or null when the frame is not one the DBC describes.</summary>
    public MessageLayout? Find(in CanFrame frame) =>
        frame.Flags == CanFrameFlags.None && frame.Id <= MaxStandardId ? _byId[frame.Id] : null;

    // Text: declared ASCII, or a whole-byte signal with an empty range as the DBC writes its ASCII fields.
    private static bool IsText(DbcSignal signal) =>
        signal.Encoding == DbcSignalEncoding.Ascii ||
        (signal.Minimum == 0 && signal.Maximum == 0 && signal.Length % 8 == 0 && signal.Length >= 16 && signal.IsUnscaled);

    // A 2-bit SMA/Victron condition (0 not supported, 1 active, 2 ok, 3 invalid).
    private static bool IsStateField(DbcSignal signal) =>
        signal.Length == 2 && !signal.IsSigned && signal.IsUnscaled;
}

/// <summary>One DBC signal held in a slot of <see cref="BatteryState"/>.</summary>
internal sealed record SignalInfo(int Slot, DbcMessage Message, DbcSignal Signal, bool IsText, bool IsStateField, bool IsFlag);

/// <summary>One DBC message: its index among the messages and how to read its signals.</summary>
internal sealed record MessageLayout(int Index, uint Id, string Name, SignalExtractor[] Signals);

/// <summary>Reads one little-endian signal from a frame's packed data.</summary>
internal readonly struct SignalExtractor
{
    private readonly ulong _mask;
    private readonly double _factor;
    private readonly double _divisor;
    private readonly double _offset;

    public SignalExtractor(int slot, DbcSignal signal, bool watched, bool isText)
    {
        Slot = slot;
        Start = signal.StartBit;
        Length = signal.Length;
        IsSigned = signal.IsSigned;
        BytesNeeded = signal.BytesNeeded;
        IsWatched = watched;
        IsText = isText;
        _mask = Length >= 64 ? ulong.MaxValue : (1UL << Length) - 1;

        // 0.1 is not exact in binary: dividing by 10 gives 53.2 where multiplying by 0.1 gives 53.2000000001.
        var inverse = 1 / signal.Factor;
        var roundInverse = Math.Round(inverse);
        (_factor, _divisor) = signal.Factor < 1 && Math.Abs(inverse - roundInverse) < 1e-9 ? (1.0, roundInverse) : (signal.Factor, 1.0);
        _offset = signal.Offset;
    }

    public int Slot { get; }

    public int Start { get; }

    public int Length { get; }

    public bool IsSigned { get; }

    public int BytesNeeded { get; }

    /// <summary>A flag or condition whose change is worth publishing at once.</summary>
    public bool IsWatched { get; }

    /// <summary>ASCII text: read from as many bytes as the frame has.</summary>
    public bool IsText { get; }

    /// <summary>The raw bits of the signal, sign-extended when it is signed.</summary>
    public ulong Raw(ulong data)
    {
        var raw = (data >> Start) & _mask;
        if (IsSigned && Length < 64 && (raw & (1UL << (Length - 1))) != 0)
        {
            raw |= ~_mask;
        }

        return raw;
    }

    /// <summary>The physical value of raw bits.</summary>
    public double Scale(ulong raw)
    {
        var value = IsSigned ? (double)(long)raw : raw;
        return (value * _factor / _divisor) + _offset;
    }
}

using System.Buffers.Binary;
using Pylontech.Can.Dbc;

namespace Pylontech.Can.Decoding;

/// <summary>What a decoder knows about one message: identifier, name, comment and its signals, and how to decode it.</summary>
public sealed class MessageDescriptor
{
    private readonly SignalDescriptor[] _signals;
    private readonly SignalLayout[] _layouts;

    /// <summary>The index of the multiplexer switch in <see cref="Signals"/>, or -1.</summary>
    private readonly int _switchIndex;

    /// <summary>Whether every readable signal lies in the first 8 bytes (a window at offset 0).</summary>
    private readonly bool _isClassic;

    internal MessageDescriptor(DbcMessage definition)
    {
        Definition = definition;
        _signals = new SignalDescriptor[definition.Signals.Count];
        _layouts = new SignalLayout[_signals.Length];
        _switchIndex = -1;
        _isClassic = true;
        for (var i = 0; i < _signals.Length; i++)
        {
            var signal = new SignalDescriptor(this, definition.Signals[i], i);
            _signals[i] = signal;
            _layouts[i] = signal.Layout;
            if (_switchIndex < 0 && definition.Signals[i].Multiplexer == "M")
            {
                _switchIndex = i;
            }

            _isClassic &= signal.Layout.Offset == 0;
        }
    }

    /// <summary>The message as the DBC defines it.</summary>
    public DbcMessage Definition { get; }

    /// <summary>The CAN identifier (11 or 29 bits).</summary>
    public uint Id => Definition.Id;

    /// <summary>Whether the identifier is a 29-bit extended one.</summary>
    public bool IsExtended => Definition.IsExtended;

    /// <summary>The message's name as written in the DBC, e.g. <c>BatteryMeasurements</c>.</summary>
    public string Name => Definition.Name;

    /// <summary>The length in bytes the DBC declares; frames may be shorter (their missing signals are absent) or longer.</summary>
    public int Length => Definition.Length;

    /// <summary>The DBC's comment (<c>CM_ BO_</c>), if any.</summary>
    public string? Comment => Definition.Comment;

    /// <summary>The signals in DBC order; a decode writes value i for signal i.</summary>
    public IReadOnlyList<SignalDescriptor> Signals => _signals;

    /// <summary>Finds a signal by name.</summary>
    /// <param name="name">The signal's name as written in the DBC.</param>
    /// <returns>The signal, or null.</returns>
    public SignalDescriptor? FindSignal(string name)
    {
        foreach (var signal in _signals)
        {
            if (string.Equals(signal.Name, name, StringComparison.Ordinal))
            {
                return signal;
            }
        }

        return null;
    }

    /// <summary>
    /// Decodes a frame of this message: writes one value per signal, in <see cref="Signals"/> order. Never throws on
    /// data: a signal whose bytes are missing is absent, bytes past the signals are ignored.
    /// </summary>
    /// <param name="data">The frame's data bytes (up to 64 are read).</param>
    /// <param name="values">Where to write the values; at least <see cref="Signals"/>.Count long.</param>
    /// <param name="count">How many values were written: the number of signals.</param>
    /// <returns>False when <paramref name="values"/> is too short (nothing is written).</returns>
    public bool TryDecode(ReadOnlySpan<byte> data, Span<SignalValue> values, out int count)
    {
        if (values.Length < _signals.Length)
        {
            count = 0;
            return false;
        }

        if (_isClassic)
        {
            DecodeClassic(ReadFirstEightBytes(data), data.Length, values);
        }
        else
        {
            DecodeWide(data, values);
        }

        count = _signals.Length;
        return true;
    }

    /// <summary>Decodes a frame whose data is already packed little-endian in a <see cref="ulong"/> (byte 0 lowest).</summary>
    internal bool TryDecode(ulong data, int length, Span<SignalValue> values, out int count)
    {
        if (values.Length < _signals.Length)
        {
            count = 0;
            return false;
        }

        if (_isClassic)
        {
            DecodeClassic(data, length, values);
        }
        else
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, data);
            DecodeWide(bytes[..Math.Min(Math.Max(length, 0), 8)], values);
        }

        count = _signals.Length;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (0x{Id:X})";

    private static ulong ReadFirstEightBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(data);
        }

        ulong value = 0;
        for (var i = 0; i < data.Length; i++)
        {
            value |= (ulong)data[i] << (8 * i);
        }

        return value;
    }

    /// <summary>Every signal lies in the first 8 bytes: one little-endian and one big-endian load serve them all.</summary>
    private void DecodeClassic(ulong littleEndian, int length, Span<SignalValue> values)
    {
        var bigEndian = BinaryPrimitives.ReverseEndianness(littleEndian);
        var layouts = _layouts;
        var signals = _signals;
        values = values[..signals.Length];
        var switchValue = SwitchValue(littleEndian, bigEndian, length);
        for (var i = 0; i < layouts.Length; i++)
        {
            ref readonly var layout = ref layouts[i];
            if (length < layout.MinLength || (layout.MultiplexerValue >= 0 && layout.MultiplexerValue != switchValue))
            {
                values[i] = new SignalValue(signals[i], 0, double.NaN, false);
                continue;
            }

            var raw = layout.Extract(layout.IsBigEndian ? bigEndian : littleEndian);
            values[i] = new SignalValue(signals[i], raw, layout.ToValue(raw), true);
        }
    }

    /// <summary>Some signal lies past byte 7 (a CAN FD message): each signal is read from its own 8-byte window.</summary>
    private void DecodeWide(ReadOnlySpan<byte> data, Span<SignalValue> values)
    {
        // The frame, zero-padded so that every window of every readable signal is inside the buffer.
        Span<byte> frame = stackalloc byte[DbcValidator.MaxFrameLength + 8];
        frame.Clear();
        var length = Math.Min(data.Length, DbcValidator.MaxFrameLength);
        data[..length].CopyTo(frame);
        var layouts = _layouts;
        var signals = _signals;
        var switchValue = -1L;
        if (_switchIndex >= 0 && data.Length >= layouts[_switchIndex].MinLength)
        {
            switchValue = (long)ReadRaw(frame, in layouts[_switchIndex]);
        }

        for (var i = 0; i < layouts.Length; i++)
        {
            ref readonly var layout = ref layouts[i];
            if (data.Length < layout.MinLength || (layout.MultiplexerValue >= 0 && layout.MultiplexerValue != switchValue))
            {
                values[i] = new SignalValue(signals[i], 0, double.NaN, false);
                continue;
            }

            var raw = ReadRaw(frame, in layout);
            values[i] = new SignalValue(signals[i], raw, layout.ToValue(raw), true);
        }
    }

    private static ulong ReadRaw(ReadOnlySpan<byte> frame, in SignalLayout layout)
    {
        var window = frame.Slice(layout.Offset, 8);
        return layout.Extract(layout.IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(window) : BinaryPrimitives.ReadUInt64LittleEndian(window));
    }

    /// <summary>The multiplexer's raw value, or -1 when the message has none or the frame does not carry it.</summary>
    private long SwitchValue(ulong littleEndian, ulong bigEndian, int length)
    {
        if (_switchIndex < 0)
        {
            return -1;
        }

        ref readonly var layout = ref _layouts[_switchIndex];
        return length < layout.MinLength ? -1 : (long)layout.Extract(layout.IsBigEndian ? bigEndian : littleEndian);
    }
}

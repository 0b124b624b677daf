using Pylontech.Can.Dbc;

namespace Pylontech.Can.Decoding;

/// <summary>
/// Where a signal's bits are and how to turn them into a value, worked out once from the DBC so that decoding is a load,
/// a shift and a mask.
/// </summary>
/// <remarks>
/// The bits are read from an 8-byte window of the frame that starts at <see cref="Offset"/>: little-endian for Intel
/// signals, big-endian for Motorola ones, where DBC bit b of byte n of the window sits at <c>(7 - n) * 8 + b</c>. The raw
/// value is then <c>(window &gt;&gt; Shift) &amp; Mask</c>. Signals in the first 8 bytes use a window at offset 0.
/// </remarks>
internal readonly struct SignalLayout
{
    /// <summary>The <see cref="MinLength"/> of a signal this decoder cannot read: never present.</summary>
    public const int Unreadable = int.MaxValue;

    private SignalLayout(int offset, int shift, int length, bool bigEndian, bool signed, SignalKind kind, int minLength, long multiplexerValue, DbcScale scale)
    {
        Offset = offset;
        Shift = (byte)shift;
        SignShift = (byte)(64 - length);
        Mask = length >= 64 ? ulong.MaxValue : (1UL << length) - 1;
        IsBigEndian = bigEndian;
        IsSigned = signed;
        Kind = kind;
        MinLength = minLength;
        MultiplexerValue = multiplexerValue;
        Scale = scale;
        IsIdentity = scale.Factor == 1 && scale.Offset == 0;
    }

    /// <summary>The first byte of the 8-byte window the signal is read from.</summary>
    public int Offset { get; }

    /// <summary>How far the window is shifted right to bring the signal's least significant bit to bit 0.</summary>
    public byte Shift { get; }

    /// <summary>64 minus the length: shifting left then arithmetically right by it sign-extends the raw value.</summary>
    public byte SignShift { get; }

    /// <summary>The signal's length as a mask of low bits.</summary>
    public ulong Mask { get; }

    /// <summary>Motorola (read the window big-endian) or Intel.</summary>
    public bool IsBigEndian { get; }

    /// <summary>Whether the raw value is two's complement.</summary>
    public bool IsSigned { get; }

    /// <summary>How the raw value becomes the value.</summary>
    public SignalKind Kind { get; }

    /// <summary>How many data bytes must be present for the signal to be present.</summary>
    public int MinLength { get; }

    /// <summary>The multiplexer value the signal is sent for, or -1 when it is not multiplexed.</summary>
    public long MultiplexerValue { get; }

    /// <summary>Factor and offset.</summary>
    public DbcScale Scale { get; }

    /// <summary>Whether factor and offset leave the value as it is (1 and 0).</summary>
    public bool IsIdentity { get; }

    /// <summary>Works out the layout of a signal. Signals this decoder cannot read (impossible lengths, bits past 64 bytes) are never present.</summary>
    public static SignalLayout For(DbcSignal signal, SignalKind kind)
    {
        var length = signal.Length;
        var multiplexerValue = signal.MultiplexerValue ?? -1;
        var scale = DbcScale.FromSignal(signal);
        var unreadable = new SignalLayout(0, 0, 64, false, false, kind, Unreadable, multiplexerValue, scale);
        if (length is < 1 or > 64 || signal.StartBit is < 0 or >= DbcValidator.MaxFrameLength * 8 ||
            (signal.ValueType == DbcValueType.Float32 && length != 32) || (signal.ValueType == DbcValueType.Float64 && length != 64))
        {
            return unreadable;
        }

        var bytesNeeded = signal.BytesNeeded;
        if (bytesNeeded > DbcValidator.MaxFrameLength)
        {
            return unreadable;
        }

        // Intel signals start at their start bit, Motorola signals at their most significant bit: either way the
        // start bit's byte is the signal's first byte.
        var firstByte = signal.StartBit / 8;
        var offset = bytesNeeded <= 8 ? 0 : firstByte;
        var shift = signal.ByteOrder == DbcByteOrder.LittleEndian
            ? signal.StartBit - (offset * 8)
            : ((7 - (firstByte - offset)) * 8) + (signal.StartBit % 8) - (length - 1); // the LSB lies length - 1 below the MSB

        if (shift < 0 || shift + length > 64)
        {
            return unreadable; // spans 9 bytes: only possible in frames over 8 bytes
        }

        var minLength = kind == SignalKind.Text ? firstByte + 1 : bytesNeeded;
        return new SignalLayout(offset, shift, length, signal.ByteOrder == DbcByteOrder.BigEndian, signal.IsSigned, kind, minLength, multiplexerValue, scale);
    }

    /// <summary>The raw value of raw bits: sign-extended for a signed integer signal.</summary>
    public long ToRawValue(ulong raw) =>
        IsSigned && Kind is not (SignalKind.Float32 or SignalKind.Float64) ? (long)(raw << SignShift) >> SignShift : (long)raw;

    /// <summary>The raw bits of the signal in its window.</summary>
    public ulong Extract(ulong window) => (window >> Shift) & Mask;

    /// <summary>The physical value of raw bits, through the exact decimal scaling.</summary>
    public double ToValue(ulong raw)
    {
        switch (Kind)
        {
            case SignalKind.Float32:
                var single = BitConverter.Int32BitsToSingle((int)raw);
                return IsIdentity ? single : Scale.Apply(single);
            case SignalKind.Float64:
                var number = BitConverter.Int64BitsToDouble((long)raw);
                return IsIdentity ? number : Scale.Apply(number);
            default:
                double value = IsSigned ? ToRawValue(raw) : raw;
                // With factor 1 and offset 0 the exact scaling gives the raw value itself: skip its division.
                return IsIdentity ? value : Scale.Apply(value);
        }
    }
}

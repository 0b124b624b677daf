using System.Globalization;

namespace Pylontech.Can.Decoding;

/// <summary>
/// One decoded signal: which signal it is, whether the frame carried it, its physical value and its raw bits.
/// A small struct, written by <see cref="DbcDecoder.TryDecode(uint, bool, ReadOnlySpan{byte}, Span{SignalValue}, out MessageDescriptor?, out int)"/>
/// into a buffer the caller owns; nothing is allocated until a <see cref="string"/> is asked for.
/// </summary>
public readonly struct SignalValue : ISpanFormattable
{
    /// <summary>The most characters a text signal has: 8, one per byte of a 64-bit signal.</summary>
    public const int MaxTextLength = 8;

    private readonly SignalDescriptor _signal;

    internal SignalValue(SignalDescriptor signal, ulong rawBits, double value, bool isPresent)
    {
        _signal = signal;
        RawBits = rawBits;
        Value = value;
        IsPresent = isPresent;
    }

    /// <summary>The signal this is a value of: name, unit, comment, value names. Null only in <c>default(SignalValue)</c>.</summary>
    public SignalDescriptor Signal => _signal;

    /// <summary>Whether the frame carried the signal: all its bytes were received (for text, its first byte) and, for a multiplexed signal, the multiplexer selected it.</summary>
    public bool IsPresent { get; }

    /// <summary>The signal's bits as they were in the frame, zero-extended; 0 when absent.</summary>
    public ulong RawBits { get; }

    /// <summary>The raw value: <see cref="RawBits"/> sign-extended for a signed integer signal.</summary>
    public long RawValue => _signal is null ? (long)RawBits : _signal.Layout.ToRawValue(RawBits);

    /// <summary>
    /// The physical value, raw × factor + offset, in the signal's <see cref="SignalDescriptor.Unit"/>, computed exactly
    /// from the decimal factor and offset (raw 532 × 0.1 is 53.2). NaN when the signal is absent.
    /// </summary>
    public double Value { get; }

    /// <summary>For a flag: whether the bit is set (any non-zero raw value counts as set).</summary>
    public bool IsSet => RawBits != 0;

    /// <summary>The name the DBC gives the raw value (<c>VAL_</c>), e.g. "Active"; null when absent or unnamed.</summary>
    public string? ValueName => IsPresent ? _signal?.FindValueName(RawValue) : null;

    /// <summary>For a text signal: its characters, without trailing spaces and NULs; 0 for other signals or when absent.</summary>
    public int TextLength
    {
        get
        {
            Span<byte> text = stackalloc byte[MaxTextLength];
            return ReadText(text);
        }
    }

    /// <summary>Copies a text signal's characters (trailing spaces and NULs trimmed) as ASCII bytes.</summary>
    /// <param name="destination">Where to write; <see cref="MaxTextLength"/> bytes are always enough.</param>
    /// <param name="bytesWritten">How many bytes were written.</param>
    /// <returns>False when <paramref name="destination"/> is too short (nothing is written).</returns>
    public bool TryCopyText(Span<byte> destination, out int bytesWritten)
    {
        Span<byte> text = stackalloc byte[MaxTextLength];
        var length = ReadText(text);
        if (length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        text[..length].CopyTo(destination);
        bytesWritten = length;
        return true;
    }

    /// <summary>Copies a text signal's characters (trailing spaces and NULs trimmed), one per byte.</summary>
    /// <param name="destination">Where to write; <see cref="MaxTextLength"/> characters are always enough.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <returns>False when <paramref name="destination"/> is too short (nothing is written).</returns>
    public bool TryCopyText(Span<char> destination, out int charsWritten)
    {
        Span<byte> text = stackalloc byte[MaxTextLength];
        var length = ReadText(text);
        if (length > destination.Length)
        {
            charsWritten = 0;
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            destination[i] = (char)text[i];
        }

        charsWritten = length;
        return true;
    }

    /// <summary>A text signal's characters as a new string (trailing spaces and NULs trimmed); empty for other signals.</summary>
    /// <returns>The text.</returns>
    public string GetText()
    {
        Span<char> text = stackalloc char[MaxTextLength];
        TryCopyText(text, out var length);
        return new string(text[..length]);
    }

    /// <summary>
    /// Writes the value as text: the characters of a text signal, the value name of a named value (the number when the
    /// raw value has no name), otherwise the physical value; nothing when absent.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <param name="format">A numeric format for numbers (e.g. <c>F1</c>); empty for the shortest exact form.</param>
    /// <param name="provider">The culture for numbers; the invariant culture when null.</param>
    /// <returns>False when <paramref name="destination"/> is too short.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (!IsPresent || _signal is null)
        {
            charsWritten = 0;
            return true;
        }

        switch (_signal.Kind)
        {
            case SignalKind.Text:
                return TryCopyText(destination, out charsWritten);
            case SignalKind.Enum when ValueName is { } name:
                if (name.Length > destination.Length)
                {
                    charsWritten = 0;
                    return false;
                }

                name.AsSpan().CopyTo(destination);
                charsWritten = name.Length;
                return true;
            default:
                return Value.TryFormat(destination, out charsWritten, format, provider ?? CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The value as text, as <see cref="TryFormat"/> writes it.</summary>
    /// <param name="format">A numeric format for numbers; null for the shortest exact form.</param>
    /// <param name="formatProvider">The culture for numbers; the invariant culture when null.</param>
    /// <returns>The text.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        if (!IsPresent || _signal is null)
        {
            return "";
        }

        return _signal.Kind switch
        {
            SignalKind.Text => GetText(),
            SignalKind.Enum when ValueName is { } name => name,
            _ => Value.ToString(format, formatProvider ?? CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The value as text with the unit, e.g. <c>BatteryVoltage = 49.86 V</c>, or <c>BatteryVoltage absent</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        if (_signal is null)
        {
            return "";
        }

        if (!IsPresent)
        {
            return $"{_signal.Name} absent";
        }

        var text = ToString(null, null);
        return _signal.Kind == SignalKind.Text ? $"{_signal.Name} = \"{text}\""
            : _signal.Unit.Length > 0 ? $"{_signal.Name} = {text} {_signal.Unit}"
            : $"{_signal.Name} = {text}";
    }

    /// <summary>Writes the trimmed characters of a text signal into <paramref name="text"/> (8 bytes) and returns their count.</summary>
    private int ReadText(Span<byte> text)
    {
        if (!IsPresent || _signal is null || _signal.Kind != SignalKind.Text)
        {
            return 0;
        }

        var length = Math.Min(_signal.Definition.Length / 8, MaxTextLength);
        var bigEndian = _signal.Definition.ByteOrder == Dbc.DbcByteOrder.BigEndian;
        for (var i = 0; i < length; i++)
        {
            // Intel: the first character is the low byte; Motorola: the high byte.
            var shift = bigEndian ? _signal.Definition.Length - (8 * (i + 1)) : 8 * i;
            text[i] = (byte)(RawBits >> shift);
        }

        while (length > 0 && text[length - 1] is 0 or (byte)' ')
        {
            length--;
        }

        return length;
    }
}

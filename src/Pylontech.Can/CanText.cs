using System.Buffers.Binary;
using System.Text;

namespace Pylontech.Can;

/// <summary>
/// Up to 8 ASCII characters from a CAN frame (a manufacturer or cell name), held inline without allocating.
/// Trailing spaces (0x20) and NULs (0x00) are not part of the text.
/// </summary>
/// <remarks>Compare with a <see cref="string"/> through <see cref="Equals(string)"/> or <c>==</c>: no string is created. <see cref="ToString"/> creates one.</remarks>
public readonly struct CanText : IEquatable<CanText>
{
    /// <summary>The most characters a <see cref="CanText"/> holds: the data bytes of a classic CAN frame.</summary>
    public const int MaxLength = 8;

    private readonly ulong _bytes;
    private readonly byte _length;

    private CanText(ulong bytes, int length)
    {
        while (length > 0)
        {
            var last = (byte)(bytes >> ((length - 1) * 8));
            if (last != 0x20 && last != 0x00)
            {
                break;
            }

            length--;
        }

        _bytes = length == 0 ? 0 : bytes & (ulong.MaxValue >> ((MaxLength - length) * 8));
        _length = (byte)length;
    }

    /// <summary>The number of characters, without trailing spaces and NULs.</summary>
    public int Length => _length;

    /// <summary>Whether there are no characters.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>Creates text from bytes, trimming trailing spaces and NULs.</summary>
    /// <param name="bytes">The bytes; at most <see cref="MaxLength"/> are used.</param>
    /// <returns>The text.</returns>
    public static CanText FromBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        buffer.Clear();
        var length = Math.Min(bytes.Length, MaxLength);
        bytes[..length].CopyTo(buffer);
        return new CanText(BinaryPrimitives.ReadUInt64LittleEndian(buffer), length);
    }

    /// <summary>Creates text from bytes packed little-endian (the first character in the low 8 bits), trimming trailing spaces and NULs.</summary>
    /// <param name="rawData">The packed bytes.</param>
    /// <param name="length">How many of them to use: 0 to <see cref="MaxLength"/>; values outside are clamped.</param>
    /// <returns>The text.</returns>
    public static CanText FromRawData(ulong rawData, int length) => new(rawData, Math.Clamp(length, 0, MaxLength));

    /// <summary>Copies the characters' bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to copy; at least <see cref="Length"/> bytes long.</param>
    /// <returns>The number of bytes copied: <see cref="Length"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    public int CopyTo(Span<byte> destination)
    {
        if (destination.Length < _length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the text has {_length}", nameof(destination));
        }

        for (var i = 0; i < _length; i++)
        {
            destination[i] = ByteAt(i);
        }

        return _length;
    }

    /// <summary>Whether the text is <paramref name="text"/>, character for character (ordinal). Does not allocate.</summary>
    /// <param name="text">The string to compare with; null equals no text.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(string? text) => Equals(text.AsSpan());

    /// <summary>Whether the text is <paramref name="text"/>, character for character (ordinal). Does not allocate.</summary>
    /// <param name="text">The characters to compare with.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(ReadOnlySpan<char> text)
    {
        if (text.Length != _length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ByteAt(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(CanText other) => _bytes == other._bytes && _length == other._length;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CanText other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_bytes, _length);

    /// <summary>The text as a string; each byte is one character (bytes above 0x7F read as Latin-1).</summary>
    /// <returns>A new string.</returns>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        var length = CopyTo(bytes);
        return Encoding.Latin1.GetString(bytes[..length]);
    }

    /// <summary>Whether two texts are equal.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(CanText left, CanText right) => left.Equals(right);

    /// <summary>Whether two texts differ.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(CanText left, CanText right) => !left.Equals(right);

    /// <summary>Whether the text is <paramref name="right"/> (ordinal). Does not allocate.</summary>
    /// <param name="left">The text.</param>
    /// <param name="right">The string.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(CanText left, string? right) => left.Equals(right);

    /// <summary>Whether the text differs from <paramref name="right"/> (ordinal). Does not allocate.</summary>
    /// <param name="left">The text.</param>
    /// <param name="right">The string.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(CanText left, string? right) => !left.Equals(right);

    private byte ByteAt(int index) => (byte)(_bytes >> (index * 8));
}

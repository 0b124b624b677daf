using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pylontech.Can.Frames;

/// <summary>What kind of CAN frame a <see cref="CanFrame"/> is.</summary>
[Flags]
public enum CanFrameFlags : byte
{
    /// <summary>A classic data frame with an 11-bit identifier.</summary>
    None = 0,

    /// <summary>The identifier is a 29-bit extended one.</summary>
    Extended = 1,

    /// <summary>A remote transmission request (RTR): it carries a length but no data.</summary>
    Remote = 2,

    /// <summary>An error frame reported by the CAN controller (SocketCAN <c>CAN_ERR_FLAG</c>): <see cref="CanFrame.Id"/> holds the error class.</summary>
    Error = 4,
}

/// <summary>
/// One CAN frame: identifier, flags, up to 8 data bytes held inline (no heap allocation), the interface it came from
/// and when it was received.
/// </summary>
/// <remarks>Classic CAN carries at most 8 bytes; the data is exposed as a span so that CAN FD can be added without changing callers.</remarks>
public readonly struct CanFrame : IEquatable<CanFrame>
{
    /// <summary>The most data bytes a classic CAN frame carries.</summary>
    public const int MaxDataLength = 8;

    private readonly ulong _data;

    /// <summary>Creates a frame.</summary>
    /// <param name="id">The identifier: 11 bits, or 29 bits with <see cref="CanFrameFlags.Extended"/>.</param>
    /// <param name="data">The data bytes, at most <see cref="MaxDataLength"/>.</param>
    /// <param name="flags">Extended, remote or error.</param>
    /// <param name="timestampMicroseconds">When it was received, in microseconds since the Unix epoch (or since the start of a log).</param>
    /// <param name="interfaceName">The interface it came from (e.g. <c>can0</c>), or null.</param>
    /// <exception cref="ArgumentException">More than 8 data bytes, or an identifier too large for its kind.</exception>
    public CanFrame(uint id, ReadOnlySpan<byte> data, CanFrameFlags flags = CanFrameFlags.None, long timestampMicroseconds = 0, string? interfaceName = null)
    {
        if (data.Length > MaxDataLength)
        {
            ThrowTooLong(data.Length);
        }

        if (id > ((flags & CanFrameFlags.Extended) != 0 ? 0x1FFFFFFFu : 0x7FFu) && (flags & CanFrameFlags.Error) == 0)
        {
            ThrowBadId(id, flags);
        }

        Span<byte> buffer = stackalloc byte[8];
        buffer.Clear();
        data.CopyTo(buffer);
        _data = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
        Id = id;
        Length = (byte)data.Length;
        Flags = flags;
        TimestampMicroseconds = timestampMicroseconds;
        Interface = interfaceName;
    }

    private CanFrame(uint id, ulong data, byte length, CanFrameFlags flags, long timestampMicroseconds, string? interfaceName)
    {
        Id = id;
        _data = data;
        Length = length;
        Flags = flags;
        TimestampMicroseconds = timestampMicroseconds;
        Interface = interfaceName;
    }

    /// <summary>The identifier (11 or 29 bits; the error class for an error frame).</summary>
    public uint Id { get; }

    /// <summary>The number of data bytes (the DLC of a classic frame), 0 to 8.</summary>
    public byte Length { get; }

    /// <summary>Extended, remote or error.</summary>
    public CanFrameFlags Flags { get; }

    /// <summary>When the frame was received, in microseconds since the Unix epoch (or since the start of a log).</summary>
    public long TimestampMicroseconds { get; }

    /// <summary>The interface the frame came from (e.g. <c>can0</c>), or null when unknown.</summary>
    public string? Interface { get; }

    /// <summary>Whether the identifier is a 29-bit extended one.</summary>
    public bool IsExtended => (Flags & CanFrameFlags.Extended) != 0;

    /// <summary>Whether this is a remote transmission request.</summary>
    public bool IsRemote => (Flags & CanFrameFlags.Remote) != 0;

    /// <summary>Whether this is an error frame from the controller.</summary>
    public bool IsError => (Flags & CanFrameFlags.Error) != 0;

    /// <summary>The data bytes packed little-endian: byte 0 in the low 8 bits. Bytes past <see cref="Length"/> are zero.</summary>
    public ulong RawData => _data;

    /// <summary>The data bytes.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Data => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<ulong, byte>(ref Unsafe.AsRef(in _data)), BitConverter.IsLittleEndian ? Length : 0);

    /// <summary>Creates a frame from data already packed little-endian (byte 0 in the low 8 bits), without copying.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="rawData">The packed data; bytes past <paramref name="length"/> are cleared.</param>
    /// <param name="length">The number of data bytes, 0 to 8.</param>
    /// <param name="flags">Extended, remote or error.</param>
    /// <param name="timestampMicroseconds">When it was received.</param>
    /// <param name="interfaceName">The interface it came from.</param>
    /// <returns>The frame.</returns>
    public static CanFrame FromRaw(uint id, ulong rawData, int length, CanFrameFlags flags = CanFrameFlags.None, long timestampMicroseconds = 0, string? interfaceName = null)
    {
        if ((uint)length > MaxDataLength)
        {
            ThrowTooLong(length);
        }

        var mask = length == 8 ? ulong.MaxValue : (1UL << (length * 8)) - 1;
        return new CanFrame(id, rawData & mask, (byte)length, flags, timestampMicroseconds, interfaceName);
    }

    /// <summary>The same frame with another timestamp.</summary>
    /// <param name="timestampMicroseconds">The new timestamp.</param>
    /// <returns>The frame.</returns>
    public CanFrame WithTimestamp(long timestampMicroseconds) => new(Id, _data, Length, Flags, timestampMicroseconds, Interface);

    /// <summary>The same frame from another interface.</summary>
    /// <param name="interfaceName">The interface's name.</param>
    /// <returns>The frame.</returns>
    public CanFrame WithInterface(string? interfaceName) => new(Id, _data, Length, Flags, TimestampMicroseconds, interfaceName);

    /// <inheritdoc />
    public bool Equals(CanFrame other) =>
        Id == other.Id && _data == other._data && Length == other.Length && Flags == other.Flags &&
        TimestampMicroseconds == other.TimestampMicroseconds && string.Equals(Interface, other.Interface, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CanFrame other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, _data, Length, Flags, TimestampMicroseconds, Interface);

    /// <summary>The frame in candump's compact form, e.g. <c>356#7A13F2FE6B01</c>.</summary>
    public override string ToString()
    {
        var id = IsExtended ? Id.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) : Id.ToString("X3", System.Globalization.CultureInfo.InvariantCulture);
        return IsRemote ? $"{id}#R{(Length > 0 ? Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}" : $"{id}#{Convert.ToHexString(Data)}";
    }

    /// <summary>Equality of every field.</summary>
    public static bool operator ==(CanFrame left, CanFrame right) => left.Equals(right);

    /// <summary>Inequality of any field.</summary>
    public static bool operator !=(CanFrame left, CanFrame right) => !left.Equals(right);

    [DoesNotReturn]
    private static void ThrowTooLong(int length) =>
        throw new ArgumentException($"a classic CAN frame carries at most {MaxDataLength} data bytes, not {length}", "data");

    [DoesNotReturn]
    private static void ThrowBadId(uint id, CanFrameFlags flags) =>
        throw new ArgumentException($"identifier 0x{id:X} does not fit in {((flags & CanFrameFlags.Extended) != 0 ? 29 : 11)} bits", nameof(id));
}

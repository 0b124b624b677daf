using Pylontech.Can.Frames;

namespace Pylontech.Can.Sources;

/// <summary>What a line of candump output turned out to be.</summary>
public enum CandumpLineKind
{
    /// <summary>A CAN frame.</summary>
    Frame,

    /// <summary>A blank line or a <c>#</c> comment: nothing to read.</summary>
    Skipped,

    /// <summary>A line that is not candump output; the reason says why.</summary>
    Invalid,
}

/// <summary>
/// One CAN frame parsed from a line of candump output, still pointing into the line's bytes (no allocation).
/// </summary>
public readonly ref struct CandumpLine
{
    internal CandumpLine(ReadOnlySpan<byte> interfaceName, uint id, CanFrameFlags flags, ulong rawData, byte length, long timestampMicroseconds, bool hasTimestamp)
    {
        Interface = interfaceName;
        Id = id;
        Flags = flags;
        RawData = rawData;
        Length = length;
        TimestampMicroseconds = timestampMicroseconds;
        HasTimestamp = hasTimestamp;
    }

    /// <summary>The interface name as written in the line (UTF-8), e.g. <c>can0</c>.</summary>
    public ReadOnlySpan<byte> Interface { get; }

    /// <summary>The identifier; for an error frame the error class (without SocketCAN's <c>CAN_ERR_FLAG</c>).</summary>
    public uint Id { get; }

    /// <summary>Extended, remote or error.</summary>
    public CanFrameFlags Flags { get; }

    /// <summary>The data bytes packed little-endian, byte 0 in the low 8 bits.</summary>
    public ulong RawData { get; }

    /// <summary>The number of data bytes (for a remote request: the requested length), 0 to 8.</summary>
    public byte Length { get; }

    /// <summary>The timestamp in microseconds (absolute since the Unix epoch, or relative for candump's <c>-td</c>/<c>-tz</c>); 0 without one.</summary>
    public long TimestampMicroseconds { get; }

    /// <summary>Whether the line carried a timestamp.</summary>
    public bool HasTimestamp { get; }

    /// <summary>The frame, with the given (interned) interface name.</summary>
    /// <param name="interfaceName">The interface name to attach, normally the decoded <see cref="Interface"/>.</param>
    /// <returns>The frame.</returns>
    public CanFrame ToFrame(string? interfaceName) => CanFrame.FromRaw(Id, RawData, Length, Flags, TimestampMicroseconds, interfaceName);
}

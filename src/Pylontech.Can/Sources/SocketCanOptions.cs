namespace Pylontech.Can.Sources;

/// <summary>A kernel receive filter: a frame passes when <c>(frame id &amp; Mask) == (Id &amp; Mask)</c> and its kind (11- or 29-bit) matches.</summary>
/// <param name="Id">The identifier to match.</param>
/// <param name="Mask">The identifier bits that must match; <c>0x7FF</c> (or <c>0x1FFFFFFF</c> when extended) for one exact identifier.</param>
/// <param name="Extended">Whether the filter is for 29-bit identifiers.</param>
public readonly record struct CanFilter(uint Id, uint Mask, bool Extended = false)
{
    /// <summary>A filter passing exactly one identifier.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="extended">Whether it is a 29-bit identifier.</param>
    /// <returns>The filter.</returns>
    public static CanFilter Exact(uint id, bool extended = false) => new(id, extended ? 0x1FFFFFFFu : 0x7FFu, extended);
}

/// <summary>How a <see cref="SocketCanSource"/> opens its interface.</summary>
public sealed class SocketCanOptions
{
    /// <summary>Kernel receive filters; a frame passing any of them is received. Null (the default) receives every frame; an empty list receives none.</summary>
    public IReadOnlyList<CanFilter>? Filters { get; init; }

    /// <summary>Receive the controller's error frames (default true): they are returned as frames with the Error flag and update <see cref="SocketCanSource.BusState"/>.</summary>
    public bool ReceiveErrorFrames { get; init; } = true;

    /// <summary>The clock used to stamp frames when the kernel gives no timestamp; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many received frames may wait for the reader (default 4096); when full, the kernel's socket buffer holds the rest.</summary>
    public int QueueCapacity { get; init; } = 4096;
}

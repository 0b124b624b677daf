using Pylontech.Can.Frames;

namespace Pylontech.Can.Sources;

/// <summary>
/// A stream of CAN frames: a candump log, standard input, a SocketCAN interface or a paced replay of one of them.
/// </summary>
/// <remarks>
/// Frames are read in batches into a caller-owned buffer so that a reader handling millions of frames per second
/// allocates nothing per frame. A source is read by one consumer at a time; <see cref="ReadAsync"/> must not be called
/// again before the previous call has completed.
/// </remarks>
public interface ICanFrameSource : IAsyncDisposable
{
    /// <summary>What the frames come from, for messages: a file name, <c>-</c> for standard input, or an interface name such as <c>can0</c>.</summary>
    string Name { get; }

    /// <summary>Reads the next frames into <paramref name="buffer"/>, waiting until at least one is available.</summary>
    /// <param name="buffer">Where to put the frames; an empty buffer returns 0 at once.</param>
    /// <param name="cancellationToken">Stops waiting; the call then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The number of frames written to the start of <paramref name="buffer"/>; 0 only at the end of the stream.</returns>
    /// <exception cref="CanSourceException">The source failed in a way the user can act on (interface down, file unreadable, a malformed line in strict mode).</exception>
    ValueTask<int> ReadAsync(Memory<CanFrame> buffer, CancellationToken cancellationToken = default);
}

namespace Pylontech.Can;

/// <summary>
/// A CAN message type generated from a DBC file: a struct that decodes its signals from the data bytes of one frame
/// without allocating.
/// </summary>
/// <typeparam name="TSelf">The message type itself.</typeparam>
public interface ICanMessage<TSelf>
    where TSelf : struct, ICanMessage<TSelf>
{
    /// <summary>The CAN identifier of the message.</summary>
    static abstract uint CanId { get; }

    /// <summary>Whether <see cref="CanId"/> is a 29-bit extended identifier.</summary>
    static abstract bool IsExtendedId { get; }

    /// <summary>The message's name in the DBC file.</summary>
    static abstract string MessageName { get; }

    /// <summary>The number of data bytes received, 0 to 8.</summary>
    int Length { get; }

    /// <summary>The data bytes received, packed little-endian (byte 0 in the low 8 bits); bytes not received are zero.</summary>
    ulong RawData { get; }

    /// <summary>Decodes the message from a frame's data bytes. Never throws.</summary>
    /// <param name="data">The data bytes; bytes past the eighth are ignored.</param>
    /// <param name="message">The message; signals whose bytes are missing are null.</param>
    /// <returns>False only when <paramref name="data"/> is empty and the message has signals.</returns>
    static abstract bool TryDecode(ReadOnlySpan<byte> data, out TSelf message);

    /// <summary>Creates the message from data bytes already packed, as <see cref="Frames.CanFrame.RawData"/> holds them. Never throws.</summary>
    /// <param name="rawData">The data bytes packed little-endian (byte 0 in the low 8 bits); bytes past <paramref name="length"/> are ignored.</param>
    /// <param name="length">The number of data bytes received: 0 to 8; values outside are clamped.</param>
    /// <returns>The message, equal to what <see cref="TryDecode"/> gives for the same bytes; signals whose bytes are missing are null.</returns>
    static abstract TSelf FromRawData(ulong rawData, int length);
}

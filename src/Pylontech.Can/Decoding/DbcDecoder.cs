using System.Diagnostics.CodeAnalysis;
using Pylontech.Can.Dbc;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Decoding;

/// <summary>
/// Decodes CAN frames with any DBC loaded at run time: built once from a <see cref="DbcFile"/>, it finds a frame's
/// message by identifier and writes its signal values into a caller's buffer without allocating.
/// </summary>
/// <example>
/// <code>
/// var decoder = new DbcDecoder(DbcFile.Load("my.dbc"));
/// var values = new SignalValue[decoder.MaxSignalCount]; // once, reused for every frame
/// if (decoder.TryDecode(frame, values, out var message, out var count))
/// {
///     foreach (var value in values.AsSpan(0, count)) Console.WriteLine(value); // BatteryVoltage = 49.86 V
/// }
/// </code>
/// </example>
/// <remarks>
/// The decoder is immutable and safe to share between threads. Its rules match the code generated from the DBC at
/// compile time: a signal whose bytes are missing is absent (never read as zeros), longer frames are accepted, values
/// are scaled exactly, text signals take the bytes received with trailing spaces and NULs trimmed. Messages up to 64
/// bytes (CAN FD) are decoded.
/// </remarks>
public sealed class DbcDecoder
{
    private const int StandardIdCount = 0x800;

    private static readonly Lazy<DbcDecoder> BuiltIn = new(() => new DbcDecoder(DbcFile.Pylontech));

    /// <summary>Standard (11-bit) messages indexed by identifier.</summary>
    private readonly MessageDescriptor?[] _standard = new MessageDescriptor?[StandardIdCount];

    /// <summary>Extended (29-bit) messages by identifier.</summary>
    private readonly Dictionary<uint, MessageDescriptor> _extended = new();

    private readonly MessageDescriptor[] _messages;

    /// <summary>Prepares a decoder for every message of a DBC file.</summary>
    /// <param name="file">The DBC file. When two messages share an identifier, the first is used.</param>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    public DbcDecoder(DbcFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        File = file;
        var messages = new List<MessageDescriptor>();
        foreach (var definition in file.Messages)
        {
            var message = new MessageDescriptor(definition);
            if (definition.IsExtended ? _extended.TryAdd(definition.Id, message) : TryAddStandard(message))
            {
                messages.Add(message);
                MaxSignalCount = Math.Max(MaxSignalCount, message.Signals.Count);
            }
        }

        _messages = messages.ToArray();
    }

    /// <summary>A decoder for the Pylontech DBC this library carries (<see cref="DbcFile.Pylontech"/>), built once.</summary>
    public static DbcDecoder Pylontech => BuiltIn.Value;

    /// <summary>The DBC file the decoder was built from.</summary>
    public DbcFile File { get; }

    /// <summary>The messages the decoder knows, in DBC order.</summary>
    public IReadOnlyList<MessageDescriptor> Messages => _messages;

    /// <summary>The most signals any message has: a values buffer this long fits every message.</summary>
    public int MaxSignalCount { get; }

    /// <summary>Finds a message by identifier.</summary>
    /// <param name="id">The CAN identifier.</param>
    /// <param name="isExtended">Whether it is a 29-bit identifier.</param>
    /// <returns>The message, or null when the DBC has none with that identifier.</returns>
    public MessageDescriptor? FindMessage(uint id, bool isExtended = false) =>
        isExtended ? _extended.GetValueOrDefault(id) : id < StandardIdCount ? _standard[id] : null;

    /// <summary>
    /// Decodes a frame: finds its message and writes one value per signal, in the message's signal order. Never throws
    /// on data.
    /// </summary>
    /// <param name="canId">The CAN identifier.</param>
    /// <param name="isExtended">Whether it is a 29-bit identifier.</param>
    /// <param name="data">The data bytes; shorter than the DBC's length leaves the signals of the missing bytes absent.</param>
    /// <param name="values">Where to write the values; <see cref="MaxSignalCount"/> long fits every message.</param>
    /// <param name="message">The frame's message; also set when <paramref name="values"/> is too short.</param>
    /// <param name="count">How many values were written (the message's signal count), 0 on failure.</param>
    /// <returns>False when the DBC has no such message or <paramref name="values"/> is too short.</returns>
    public bool TryDecode(uint canId, bool isExtended, ReadOnlySpan<byte> data, Span<SignalValue> values, [NotNullWhen(true)] out MessageDescriptor? message, out int count)
    {
        message = FindMessage(canId, isExtended);
        if (message is null)
        {
            count = 0;
            return false;
        }

        return message.TryDecode(data, values, out count);
    }

    /// <summary>Decodes a frame; remote and error frames carry no signals and give false.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="values">Where to write the values; <see cref="MaxSignalCount"/> long fits every message.</param>
    /// <param name="message">The frame's message; also set when <paramref name="values"/> is too short.</param>
    /// <param name="count">How many values were written (the message's signal count), 0 on failure.</param>
    /// <returns>False for a remote or error frame, an unknown identifier, or a too short <paramref name="values"/>.</returns>
    public bool TryDecode(in CanFrame frame, Span<SignalValue> values, [NotNullWhen(true)] out MessageDescriptor? message, out int count)
    {
        message = (frame.Flags & (CanFrameFlags.Remote | CanFrameFlags.Error)) == 0 ? FindMessage(frame.Id, frame.IsExtended) : null;
        if (message is null)
        {
            count = 0;
            return false;
        }

        return message.TryDecode(frame.RawData, frame.Length, values, out count);
    }

    private bool TryAddStandard(MessageDescriptor message)
    {
        if (message.Id >= StandardIdCount || _standard[message.Id] is not null)
        {
            return false;
        }

        _standard[message.Id] = message;
        return true;
    }
}

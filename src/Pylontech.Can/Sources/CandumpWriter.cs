using System.Buffers.Text;
using System.Text;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Sources;

/// <summary>
/// Writes frames as a candump log (<c>candump -L</c> format), which <c>canplayer</c> replays and <see cref="CandumpReader"/> reads back unchanged.
/// </summary>
/// <remarks>
/// Each frame becomes one line such as <c>(1700000000.123456) can0 356#7A13F2FE6B01</c>: the timestamp in seconds with six
/// decimals, the interface, the identifier in uppercase hex (3 digits, or 8 for an extended identifier or an error frame, which
/// carries SocketCAN's <c>CAN_ERR_FLAG</c> <c>20000000</c>), then the data in uppercase hex or <c>R</c> and the requested length for
/// a remote request. Lines are formatted into a byte buffer and written in large blocks; call <see cref="Flush"/> or dispose to write the rest.
/// </remarks>
public sealed class CandumpWriter : IDisposable, IAsyncDisposable
{
    /// <summary>The interface written for frames that do not name one.</summary>
    public const string DefaultInterfaceName = "can0";

    private const int MaxInterfaceBytes = 64;
    private const int MaxLineBytes = 128;

    private readonly Stream? _stream;
    private readonly TextWriter? _text;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer;
    private readonly byte[] _defaultInterface;
    private char[]? _chars;
    private int _length;
    private string? _lastInterface;
    private byte[] _lastInterfaceBytes = [];
    private bool _disposed;

    /// <summary>Creates a writer to a stream (UTF-8, <c>\n</c> line ends).</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="defaultInterface">The interface written for frames without one.</param>
    /// <param name="leaveOpen">Leave the stream open when the writer is disposed.</param>
    public CandumpWriter(Stream stream, string defaultInterface = DefaultInterfaceName, bool leaveOpen = false)
        : this(defaultInterface, leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Creates a writer to a text writer (<c>\n</c> line ends).</summary>
    /// <param name="writer">Where to write, e.g. <see cref="Console.Out"/>.</param>
    /// <param name="defaultInterface">The interface written for frames without one.</param>
    /// <param name="leaveOpen">Leave the text writer open when the writer is disposed.</param>
    public CandumpWriter(TextWriter writer, string defaultInterface = DefaultInterfaceName, bool leaveOpen = false)
        : this(defaultInterface, leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _text = writer;
    }

    private CandumpWriter(string defaultInterface, bool leaveOpen)
    {
        _defaultInterface = EncodeInterface(defaultInterface);
        _leaveOpen = leaveOpen;
        _buffer = new byte[64 * 1024];
    }

    /// <summary>The number of frames written so far.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Writes one frame.</summary>
    /// <param name="frame">The frame.</param>
    /// <exception cref="ArgumentException">The frame's interface name is empty, holds blanks or is longer than 64 bytes.</exception>
    public void Write(in CanFrame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_buffer.Length - _length < MaxLineBytes)
        {
            Flush();
        }

        _length += Format(frame, InterfaceBytes(frame.Interface), _buffer.AsSpan(_length));
        FrameCount++;
    }

    /// <summary>Writes frames.</summary>
    /// <param name="frames">The frames, in order.</param>
    public void Write(ReadOnlySpan<CanFrame> frames)
    {
        foreach (ref readonly var frame in frames)
        {
            Write(frame);
        }
    }

    /// <summary>Writes frames, flushing full blocks asynchronously.</summary>
    /// <param name="frames">The frames, in order.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task that completes when the frames are buffered or written.</returns>
    public async ValueTask WriteAsync(ReadOnlyMemory<CanFrame> frames, CancellationToken cancellationToken = default)
    {
        var done = 0;
        while (done < frames.Length)
        {
            done += FormatWhileRoom(frames.Span[done..]);
            if (done < frames.Length)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Formats one frame as a candump log line, with its <c>\n</c>.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="destination">Where to write; 128 bytes always suffice for interface names up to 64 bytes.</param>
    /// <param name="bytesWritten">The number of bytes written.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormat(in CanFrame frame, Span<byte> destination, out int bytesWritten)
    {
        Span<byte> name = stackalloc byte[MaxInterfaceBytes * 3];
        name = name[..EncodeInterface(frame.Interface ?? DefaultInterfaceName, name)];
        Span<byte> line = stackalloc byte[MaxLineBytes];
        var length = Format(frame, name, line);
        bytesWritten = length <= destination.Length ? length : 0;
        return line[..length].TryCopyTo(destination);
    }

    /// <summary>Writes the buffered lines to the stream or text writer and flushes it.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stream is not null)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
            _stream.Flush();
        }
        else
        {
            _text!.Write(Decode());
            _text.Flush();
        }
    }

    /// <summary>Writes the buffered lines to the stream or text writer and flushes it.</summary>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task that completes when the lines are written.</returns>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stream is not null)
        {
            await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _length = 0;
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _text!.WriteAsync(Decode(), cancellationToken).ConfigureAwait(false);
            await _text.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes and, unless asked to leave it open, closes the stream or text writer.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        if (!_leaveOpen)
        {
            _stream?.Dispose();
            _text?.Dispose();
        }
    }

    /// <summary>Flushes and, unless asked to leave it open, closes the stream or text writer.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await FlushAsync().ConfigureAwait(false);
        _disposed = true;
        if (!_leaveOpen)
        {
            if (_stream is not null)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }

            if (_text is not null)
            {
                await _text.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private int FormatWhileRoom(ReadOnlySpan<CanFrame> frames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = 0;
        while (count < frames.Length && _buffer.Length - _length >= MaxLineBytes)
        {
            ref readonly var frame = ref frames[count++];
            _length += Format(frame, InterfaceBytes(frame.Interface), _buffer.AsSpan(_length));
        }

        FrameCount += count;
        return count;
    }

    private ReadOnlyMemory<char> Decode()
    {
        _chars ??= new char[_buffer.Length];
        var count = Encoding.UTF8.GetChars(_buffer, 0, _length, _chars, 0);
        _length = 0;
        return _chars.AsMemory(0, count);
    }

    private byte[] InterfaceBytes(string? name)
    {
        if (name is null)
        {
            return _defaultInterface;
        }

        if (!ReferenceEquals(name, _lastInterface))
        {
            _lastInterfaceBytes = EncodeInterface(name);
            _lastInterface = name;
        }

        return _lastInterfaceBytes;
    }

    private static byte[] EncodeInterface(string name)
    {
        Span<byte> bytes = stackalloc byte[MaxInterfaceBytes * 3];
        return bytes[..EncodeInterface(name, bytes)].ToArray();
    }

    /// <summary>Encodes an interface name (UTF-8) into <paramref name="destination"/>, which holds 3 bytes per allowed character.</summary>
    private static int EncodeInterface(string name, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(name);
        var length = name.Length <= MaxInterfaceBytes ? Encoding.UTF8.GetBytes(name, destination) : 0;
        if (length is 0 or > MaxInterfaceBytes || destination[..length].IndexOfAny(" \t\r\n"u8) >= 0)
        {
            throw new ArgumentException($"interface name '{name}' cannot be written to a candump log: it must be 1 to {MaxInterfaceBytes} bytes without blanks", nameof(name));
        }

        return length;
    }

    /// <summary>Formats one line; <paramref name="destination"/> holds at least <see cref="MaxLineBytes"/> bytes.</summary>
    private static int Format(in CanFrame frame, ReadOnlySpan<byte> interfaceName, Span<byte> destination)
    {
        var p = 0;
        destination[p++] = (byte)'(';
        var timestamp = frame.TimestampMicroseconds;
        if (timestamp < 0)
        {
            destination[p++] = (byte)'-';
        }

        var magnitude = timestamp < 0 ? (ulong)-(timestamp + 1) + 1 : (ulong)timestamp;
        var seconds = magnitude / 1_000_000;
        var micros = (uint)(magnitude % 1_000_000);
        Utf8Formatter.TryFormat(seconds, destination[p..], out var written);
        p += written;
        destination[p++] = (byte)'.';
        for (var i = 5; i >= 0; i--)
        {
            destination[p + i] = (byte)('0' + (micros % 10));
            micros /= 10;
        }

        p += 6;
        destination[p++] = (byte)')';
        destination[p++] = (byte)' ';
        interfaceName.CopyTo(destination[p..]);
        p += interfaceName.Length;
        destination[p++] = (byte)' ';

        var id = frame.Id;
        var digits = 3;
        if (frame.IsError)
        {
            id = (id & 0x1FFFFFFF) | 0x20000000;
            digits = 8;
        }
        else if (frame.IsExtended)
        {
            digits = 8;
        }

        for (var i = digits - 1; i >= 0; i--)
        {
            destination[p + i] = Hex[(int)(id & 0xF)];
            id >>= 4;
        }

        p += digits;
        destination[p++] = (byte)'#';
        if (frame.IsRemote)
        {
            destination[p++] = (byte)'R';
            if (frame.Length > 0)
            {
                destination[p++] = (byte)('0' + frame.Length);
            }
        }
        else
        {
            var data = frame.RawData;
            for (var i = 0; i < frame.Length; i++)
            {
                destination[p++] = Hex[(int)((data >> 4) & 0xF)];
                destination[p++] = Hex[(int)(data & 0xF)];
                data >>= 8;
            }
        }

        destination[p++] = (byte)'\n';
        return p;
    }

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;
}

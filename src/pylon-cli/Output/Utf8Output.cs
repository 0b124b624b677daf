using System.Buffers;
using System.Globalization;
using System.Text;

namespace Pylontech.Cli.Output;

/// <summary>
/// A buffered UTF-8 writer over a stream for output of millions of lines: formats straight into a byte buffer and
/// writes it out in large blocks. Not thread-safe.
/// </summary>
internal sealed class Utf8Output : IAsyncDisposable
{
    private const int FlushThreshold = 1 << 16;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FlushThreshold * 2);
    private int _length;

    public Utf8Output(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Bytes buffered and not yet written.</summary>
    public int Buffered => _length;

    /// <summary>A span of at least <paramref name="size"/> free bytes; call <see cref="Advance"/> with what was used.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _length < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    /// <summary>The bytes written since <see cref="Buffered"/> was <paramref name="start"/> (valid until the next flush).</summary>
    public ReadOnlySpan<byte> WrittenSince(int start) => _buffer.AsSpan(start, _length - start);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    public void Write(byte b)
    {
        GetSpan(1)[0] = b;
        _length++;
    }

    /// <summary>Writes text (any characters; encoded as UTF-8).</summary>
    public void Write(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        _length += Encoding.UTF8.GetBytes(text, GetSpan(max));
    }

    public void Write<T>(T value, ReadOnlySpan<char> format = default)
        where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(GetSpan(64), out var written, format, CultureInfo.InvariantCulture) &&
            !value.TryFormat(GetSpan(1024), out written, format, CultureInfo.InvariantCulture))
        {
            throw new FormatException($"cannot format {value} with '{format}'");
        }

        _length += written;
    }

    /// <summary>Writes the buffer out when it is large enough to be worth a write.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellation) =>
        _length >= FlushThreshold ? FlushAsync(cancellation) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellation = default)
    {
        if (_length > 0)
        {
            var length = _length;
            _length = 0;
            await _stream.WriteAsync(_buffer.AsMemory(0, length), cancellation);
        }

        await _stream.FlushAsync(cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await FlushAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync();
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Text;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Sources;

/// <summary>
/// Reads CAN frames from candump output (a log file, a pipe, standard input) in any form <see cref="CandumpLineParser"/> accepts.
/// </summary>
/// <remarks>
/// <para>The stream is read in large blocks and each line is parsed in place; nothing is allocated per frame, and each
/// distinct interface name becomes one string shared by all its frames. <c>\n</c> and <c>\r\n</c> line ends, lines split
/// across reads and a last line without a line end are handled.</para>
/// <para>A malformed line raises <see cref="ParseError"/> with a message such as
/// <c>log.txt:17: cannot parse '356#7A13F': odd number of hex digits</c> and reading goes on; with
/// <see cref="CandumpReaderOptions.Strict"/> the frames before it are returned and the next read throws <see cref="CandumpFormatException"/>.</para>
/// </remarks>
public sealed class CandumpReader : ICanFrameSource
{
    /// <summary>The name used for standard input in messages.</summary>
    public const string StandardInputName = "<stdin>";

    private const int MaxInternedNames = 256;
    private const int MaxQuotedLength = 80;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly bool _strict;
    private readonly int _maxLineLength;
    private readonly bool _syncReads;
    private readonly List<KeyValuePair<byte[], string>> _names = [];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _done;
    private bool _discardingLongLine;
    private bool _lastFrameWasError;
    private byte[]? _lastName;
    private string? _lastNameString;
    private CandumpFormatException? _pendingError;
    private bool _disposed;

    /// <summary>Creates a reader over a stream of candump output.</summary>
    /// <param name="stream">The stream, e.g. a file or standard input.</param>
    /// <param name="options">How to read; by default lenient, 64 KiB reads, named <c>&lt;stdin&gt;</c> unless the stream is a file.</param>
    public CandumpReader(Stream stream, CandumpReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CandumpReaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BufferSize, CandumpReaderOptions.MinBufferSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineLength, 1, nameof(options));
        _stream = stream;
        _leaveOpen = options.LeaveOpen;
        _strict = options.Strict;
        _maxLineLength = options.MaxLineLength;
        _buffer = new byte[options.BufferSize];
        Name = options.FileName ?? (stream is FileStream file ? file.Name : StandardInputName);

        // A regular file never makes a reader wait, so it is read synchronously: no hop to the thread pool per block.
        _syncReads = stream is FileStream && stream.CanSeek;
    }

    /// <summary>Raised for each line that cannot be parsed (not in strict mode), on the thread that reads.</summary>
    public event EventHandler<CandumpParseErrorEventArgs>? ParseError;

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The number of frames read so far.</summary>
    public long FrameCount { get; private set; }

    /// <summary>The number of lines that could not be parsed so far.</summary>
    public long ErrorCount { get; private set; }

    /// <summary>The number of lines read so far (the line number of the last line parsed).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Opens a candump log file.</summary>
    /// <param name="path">The file's path; it names the file in messages unless <see cref="CandumpReaderOptions.FileName"/> is set.</param>
    /// <param name="options">How to read.</param>
    /// <returns>The reader; dispose it to close the file.</returns>
    /// <exception cref="CanSourceException">The file cannot be opened.</exception>
    public static CandumpReader Open(string path, CandumpReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CanSourceException(path, $"{path}: cannot open: {e.Message}", 0, e);
        }

        return new CandumpReader(stream, options is null ? new CandumpReaderOptions { FileName = path } : options.FileName is null ? With(options, path) : options);
    }

    /// <summary>Reads candump output from the process's standard input.</summary>
    /// <param name="options">How to read; named <c>&lt;stdin&gt;</c> by default.</param>
    /// <returns>The reader.</returns>
    /// <remarks>A read waits on standard input until data or its end arrives; cancellation is observed between reads.</remarks>
    public static CandumpReader OpenStandardInput(CandumpReaderOptions? options = null) => new(Console.OpenStandardInput(), options);

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<CanFrame> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pendingError is { } error)
        {
            throw error;
        }

        if (buffer.IsEmpty)
        {
            return new(0);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var count = ParseAvailable(buffer.Span);
        return count > 0 || _done ? new(count) : ReadMoreAsync(buffer, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                return _stream.DisposeAsync();
            }
        }

        return ValueTask.CompletedTask;
    }

    private static CandumpReaderOptions With(CandumpReaderOptions options, string fileName) => new()
    {
        FileName = fileName,
        Strict = options.Strict,
        BufferSize = options.BufferSize,
        MaxLineLength = options.MaxLineLength,
        LeaveOpen = options.LeaveOpen,
    };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadMoreAsync(Memory<CanFrame> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            PrepareBuffer();
            var free = _buffer.AsMemory(_end);
            var read = _syncReads ? _stream.Read(free.Span) : await _stream.ReadAsync(free, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
            var count = ParseAvailable(buffer.Span);
            if (count > 0 || _done)
            {
                return count;
            }

            if (_pendingError is { } error)
            {
                throw error;
            }
        }
    }

    /// <summary>Makes room at the end of the buffer: moves the unparsed tail to the front, grows the buffer for a long line, or drops an over-long line.</summary>
    private void PrepareBuffer()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end < _buffer.Length)
        {
            return;
        }

        // The buffer holds one incomplete line.
        var limit = _maxLineLength + 2;
        if (_buffer.Length < limit)
        {
            Array.Resize(ref _buffer, (int)Math.Min(limit, (long)_buffer.Length * 2));
            return;
        }

        if (!_discardingLongLine)
        {
            LineNumber++;
            _discardingLongLine = true;
            Report(_buffer.AsSpan(0, Math.Min(_end, _maxLineLength)), $"line longer than {_maxLineLength} bytes", cut: true);
        }

        _end = 0;
    }

    private int ParseAvailable(Span<CanFrame> frames)
    {
        var count = 0;
        while (count < frames.Length && _pendingError is null)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            if (newline >= 0)
            {
                line = available[..newline];
                _start += newline + 1;
            }
            else if (_endOfStream)
            {
                if (available.IsEmpty)
                {
                    _done = true;
                    break;
                }

                line = available;
                _start = _end;
            }
            else
            {
                break;
            }

            if (_discardingLongLine)
            {
                _discardingLongLine = false;
                continue;
            }

            LineNumber++;
            switch (CandumpLineParser.Parse(line, out var parsed, out var reason))
            {
                case CandumpLineKind.Frame:
                    frames[count++] = parsed.ToFrame(Intern(parsed.Interface));
                    _lastFrameWasError = (parsed.Flags & CanFrameFlags.Error) != 0;
                    break;
                case CandumpLineKind.Invalid when _lastFrameWasError && line[0] == (byte)'\t':
                    // candump -e explains an error frame on the lines after it, indented with a tab.
                    break;
                case CandumpLineKind.Invalid:
                    _lastFrameWasError = false;
                    Report(line, reason!);
                    break;
            }
        }

        FrameCount += count;
        if (_pendingError is not null && count == 0)
        {
            throw _pendingError;
        }

        return count;
    }

    private void Report(ReadOnlySpan<byte> line, string reason, bool cut = false)
    {
        ErrorCount++;
        var error = new CandumpParseErrorEventArgs(Name, LineNumber, Quote(line, cut), reason);
        if (_strict)
        {
            _pendingError = new CandumpFormatException(error);
            return;
        }

        ParseError?.Invoke(this, error);
    }

    private static string Quote(ReadOnlySpan<byte> line, bool cut)
    {
        line = line.Trim(" \t\r"u8);
        cut |= line.Length > MaxQuotedLength;
        var text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, MaxQuotedLength)]);
        return cut ? text + "..." : text;
    }

    private string Intern(ReadOnlySpan<byte> name)
    {
        if (_lastName is not null && name.SequenceEqual(_lastName))
        {
            return _lastNameString!;
        }

        foreach (var (bytes, text) in _names)
        {
            if (name.SequenceEqual(bytes))
            {
                _lastName = bytes;
                _lastNameString = text;
                return text;
            }
        }

        var interned = Encoding.UTF8.GetString(name);
        if (_names.Count < MaxInternedNames)
        {
            var key = name.ToArray();
            _names.Add(new(key, interned));
            _lastName = key;
            _lastNameString = interned;
        }

        return interned;
    }
}

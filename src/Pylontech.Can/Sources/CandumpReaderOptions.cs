namespace Pylontech.Can.Sources;

/// <summary>How a <see cref="CandumpReader"/> reads a log.</summary>
public sealed class CandumpReaderOptions
{
    /// <summary>The smallest read buffer, in bytes.</summary>
    public const int MinBufferSize = 16;

    /// <summary>The name used in messages and as <see cref="ICanFrameSource.Name"/>, e.g. <c>log.txt</c>; by default the path given, or <c>&lt;stdin&gt;</c>.</summary>
    public string? FileName { get; init; }

    /// <summary>Stop at the first malformed line by throwing <see cref="CandumpFormatException"/>, instead of reporting it and reading on.</summary>
    public bool Strict { get; init; }

    /// <summary>Bytes read from the stream at a time (default 64 KiB). The buffer grows, up to <see cref="MaxLineLength"/>, when a line does not fit.</summary>
    public int BufferSize { get; init; } = 64 * 1024;

    /// <summary>The longest line accepted, in bytes (default 4096); a longer line is reported as an error and skipped.</summary>
    public int MaxLineLength { get; init; } = 4096;

    /// <summary>Leave the stream open when the reader is disposed.</summary>
    public bool LeaveOpen { get; init; }
}

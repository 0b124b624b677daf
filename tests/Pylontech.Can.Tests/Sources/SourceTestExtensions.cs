using System.Text;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;

namespace Pylontech.Can.Tests.Sources;

internal static class SourceTestExtensions
{
    public static async Task<List<CanFrame>> ReadAllFramesAsync(this ICanFrameSource source, int batch = 256)
    {
        var frames = new List<CanFrame>();
        var buffer = new CanFrame[batch];
        int count;
        while ((count = await source.ReadAsync(buffer)) > 0)
        {
            frames.AddRange(buffer.AsSpan(0, count));
        }

        return frames;
    }

    public static CandumpReader ReaderOver(string text, CandumpReaderOptions? options = null) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(text)), options ?? new CandumpReaderOptions { FileName = "log.txt" });

    public static string Hex(this CanFrame frame) => Convert.ToHexString(frame.Data);
}

/// <summary>A stream that hands out at most a few bytes per read, to split lines across reads.</summary>
internal sealed class TrickleStream(byte[] content, int chunk) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => content.Length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(chunk, buffer.Length), content.Length - _position);
        content.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

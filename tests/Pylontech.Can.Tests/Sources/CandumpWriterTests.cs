using System.Text;
using CsCheck;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;

namespace Pylontech.Can.Tests.Sources;

public class CandumpWriterTests
{
    private static string WriteToText(params CanFrame[] frames)
    {
        using var stream = new MemoryStream();
        using (var writer = new CandumpWriter(stream, leaveOpen: true))
        {
            writer.Write(frames);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Writes_the_log_format_that_canplayer_reads()
    {
        var text = WriteToText(
            new CanFrame(0x356, [0x7A, 0x13, 0xF2, 0xFE, 0x6B, 0x01], timestampMicroseconds: 1_700_000_000_123_456, interfaceName: "can0"),
            new CanFrame(0x18FF50E5, [0x01, 0xab], CanFrameFlags.Extended, 5, "vcan1"),
            CanFrame.FromRaw(0x123, 0, 4, CanFrameFlags.Remote, 10_000_000, "can0"),
            CanFrame.FromRaw(0x123, 0, 0, CanFrameFlags.Remote, 10_000_000, "can0"),
            CanFrame.FromRaw(0x80, 0x0400, 8, CanFrameFlags.Error, 0, "can0"),
            new CanFrame(0x305, [], timestampMicroseconds: 999_999));

        Assert.Equal(
            "(1700000000.123456) can0 356#7A13F2FE6B01\n" +
            "(0.000005) vcan1 18FF50E5#01AB\n" +
            "(10.000000) can0 123#R4\n" +
            "(10.000000) can0 123#R\n" +
            "(0.000000) can0 20000080#0004000000000000\n" +
            "(0.999999) can0 305#\n",
            text);
    }

    [Fact]
    public void Writes_through_a_text_writer_and_formats_single_lines()
    {
        var frame = new CanFrame(0x351, [0x14, 0x02], timestampMicroseconds: 1_500_000, interfaceName: "can8");
        using var text = new StringWriter();
        using (var writer = new CandumpWriter(text, leaveOpen: true))
        {
            writer.Write(frame);
        }

        Assert.Equal("(1.500000) can8 351#1402\n", text.ToString());

        Span<byte> line = stackalloc byte[64];
        Assert.True(CandumpWriter.TryFormat(frame, line, out var written));
        Assert.Equal("(1.500000) can8 351#1402\n", Encoding.UTF8.GetString(line[..written]));
        Assert.False(CandumpWriter.TryFormat(frame, line[..10], out written));
        Assert.Equal(0, written);

        var before = GC.GetAllocatedBytesForCurrentThread();
        CandumpWriter.TryFormat(frame, line, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Refuses_an_interface_name_that_would_break_the_line()
    {
        using var writer = new CandumpWriter(new MemoryStream());
        Assert.Throws<ArgumentException>(() => writer.Write(new CanFrame(0x351, [], interfaceName: "can 0")));
        Assert.Throws<ArgumentException>(() => writer.Write(new CanFrame(0x351, [], interfaceName: new string('c', 65))));
        Assert.Throws<ArgumentException>(() => writer.Write(new CanFrame(0x351, [], interfaceName: "")));
    }

    [Fact]
    public async Task A_shared_capture_survives_read_write_read_unchanged()
    {
        var path = SharedCaptures.PathOf("all_inline_captures.candump.log");
        await using var reader = CandumpReader.Open(path);
        var frames = await reader.ReadAllFramesAsync();

        using var stream = new MemoryStream();
        await using (var writer = new CandumpWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(frames.ToArray());
        }

        // The capture is already in canonical -L form, so the written text equals its frame lines.
        Assert.Equal(SharedCaptures.FrameLines(path), Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static readonly Gen<CanFrame> AnyFrame =
        Gen.Select(Gen.Int[0, 3], Gen.UInt, Gen.Int[0, 8], Gen.ULong, Gen.Long[0, 4_102_444_800_000_000], Gen.OneOf("can0", "can1", "vcan12", "slcan0"))
            .Select((kind, id, length, data, timestamp, iface) => kind switch
            {
                0 => CanFrame.FromRaw(id & 0x7FF, data, length, CanFrameFlags.None, timestamp, iface),
                1 => CanFrame.FromRaw(id & 0x1FFFFFFF, data, length, CanFrameFlags.Extended, timestamp, iface),
                2 => CanFrame.FromRaw(id & 0x7FF, 0, length, CanFrameFlags.Remote, timestamp, iface),
                _ => CanFrame.FromRaw(id & 0x1FFFFFFF, data, length, CanFrameFlags.Error, timestamp, iface),
            });

    [Fact]
    public void Any_frames_survive_write_then_read()
    {
        AnyFrame.Array[0, 300].Sample(frames =>
        {
            using var stream = new MemoryStream();
            using (var writer = new CandumpWriter(stream, leaveOpen: true))
            {
                writer.Write(frames);
            }

            stream.Position = 0;
            var reader = new CandumpReader(stream, new CandumpReaderOptions { Strict = true, BufferSize = 64 });
            var read = reader.ReadAllFramesAsync(batch: 7).GetAwaiter().GetResult();
            Assert.Equal(frames, read);
        });
    }
}

using System.Globalization;
using System.Text;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;

namespace Pylontech.Can.Tests.Sources;

public class CandumpReaderTests
{
    private const string ThreeLines = "(0.000000) can0 351#1402C012C012C201\n(0.001000) can0 355#58005E00\n(0.002000) can0 356#7A13F2FE6B01\n";

    public static TheoryData<string> CaptureLogs => new(SharedCaptures.CandumpLogs.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(CaptureLogs))]
    public async Task Reads_every_frame_of_a_shared_capture_as_written(string fileName)
    {
        var path = SharedCaptures.PathOf(fileName);
        var expected = SharedCaptures.FrameLines(path).Select(ParseLogLineByHand).ToList();
        Assert.NotEmpty(expected);

        await using var reader = CandumpReader.Open(path, new CandumpReaderOptions { Strict = true });
        var frames = await reader.ReadAllFramesAsync();

        Assert.Equal(expected.Count, frames.Count);
        Assert.Equal(expected.Count, reader.FrameCount);
        Assert.Equal(0, reader.ErrorCount);
        for (var i = 0; i < frames.Count; i++)
        {
            var (timestamp, iface, id, data) = expected[i];
            Assert.Equal(timestamp, frames[i].TimestampMicroseconds);
            Assert.Equal(iface, frames[i].Interface);
            Assert.Equal(id, frames[i].Id);
            Assert.Equal(data, frames[i].Hex());
            Assert.Equal(CanFrameFlags.None, frames[i].Flags);
        }
    }

    [Fact]
    public async Task Reads_known_frames_of_the_US5000_capture()
    {
        await using var reader = CandumpReader.Open(SharedCaptures.PathOf("01_setfirelabs_us5000_fw_v1.2_vs_v1.3.candump.log"));
        var frames = await reader.ReadAllFramesAsync();

        // (0.002000) can0 356#7A13F2FE6B01: 0x137A = 4986 -> 49.86 V
        Assert.Equal(0x356u, frames[2].Id);
        Assert.Equal(2_000, frames[2].TimestampMicroseconds);
        Assert.Equal(new byte[] { 0x7A, 0x13, 0xF2, 0xFE, 0x6B, 0x01 }, frames[2].Data.ToArray());
        Assert.Equal(4986, BitConverter.ToUInt16(frames[2].Data[..2]));

        // (10.005000) can0 35F#4C4901033C02AA00
        Assert.Equal(0x35Fu, frames[11].Id);
        Assert.Equal(10_005_000, frames[11].TimestampMicroseconds);
        Assert.Equal(0x00AA023C0301494CUL, frames[11].RawData);
    }

    [Theory]
    [InlineData("02_us5000_4modules_python_docstring.txt", 0)]
    [InlineData("03_ecoworthy_cubix100_pylon_v2.txt", 6)]
    [InlineData("04_seplos_shenergy_victron_gx_syssi_issue3.txt", 22)]
    [InlineData("05_discover_aes_serialcan_airepublic_issue107.txt", 78)]
    [InlineData("06_rec_q_bms_smaprotocol_250k.txt", 88)]
    [InlineData("07_byd_victron_powerforum_comment.txt", 96)]
    public async Task Reads_screen_format_captures_as_the_same_frames_as_their_log_conversion(string fileName, int firstIndexInMergedLog)
    {
        await using var merged = CandumpReader.Open(SharedCaptures.PathOf("all_inline_captures.candump.log"), new CandumpReaderOptions { Strict = true });
        var expected = await merged.ReadAllFramesAsync();
        var path = SharedCaptures.PathOf(fileName);

        await using var reader = CandumpReader.Open(path, new CandumpReaderOptions { Strict = true });
        var frames = await reader.ReadAllFramesAsync();

        Assert.Equal(SharedCaptures.FrameLines(path).Length, frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            var want = expected[firstIndexInMergedLog + i];
            Assert.Equal((want.Interface, want.Id, want.Hex()), (frames[i].Interface, frames[i].Id, frames[i].Hex()));
        }
    }

    [Fact]
    public async Task Reports_each_malformed_line_with_file_and_line_and_reads_on()
    {
        var text = "# header\n(1.0) can0 351#01\n(1.0) can0 356#7A13F\n\n(1.0) can0 35X#00\n  can0  356   [6]  7A 13 F2 FE 6B\n(1.0) can0 123##11\n(2.0) can0 355#02\n";
        var errors = new List<string>();
        await using var reader = SourceTestExtensions.ReaderOver(text);
        reader.ParseError += (_, e) => errors.Add(e.Message);

        var frames = await reader.ReadAllFramesAsync();

        Assert.Equal([0x351u, 0x355u], frames.Select(f => f.Id));
        Assert.Equal(
            [
                "log.txt:3: cannot parse '(1.0) can0 356#7A13F': odd number of hex digits",
                "log.txt:5: cannot parse '(1.0) can0 35X#00': invalid hex digit 'X' in id",
                "log.txt:6: cannot parse 'can0  356   [6]  7A 13 F2 FE 6B': length [6] does not match the 5 data bytes that follow",
                "log.txt:7: cannot parse '(1.0) can0 123##11': CAN FD frames ('##') are not supported yet",
            ],
            errors);
        Assert.Equal(4, reader.ErrorCount);
        Assert.Equal(2, reader.FrameCount);
        Assert.Equal(8, reader.LineNumber);
    }

    [Fact]
    public async Task Strict_mode_returns_the_frames_before_a_malformed_line_then_throws_its_message()
    {
        await using var reader = SourceTestExtensions.ReaderOver("(1.0) can0 351#01\n(1.0) can0 352#02\n(1.0) can0 356#7A13F\n(2.0) can0 355#02\n", new CandumpReaderOptions { FileName = "log.txt", Strict = true });
        var buffer = new CanFrame[16];

        Assert.Equal(2, await reader.ReadAsync(buffer));
        var e = await Assert.ThrowsAsync<CandumpFormatException>(async () => await reader.ReadAsync(buffer));

        Assert.Equal("log.txt:3: cannot parse '(1.0) can0 356#7A13F': odd number of hex digits", e.Message);
        Assert.Equal(3, e.LineNumber);
        Assert.Equal("log.txt", e.SourceName);
        Assert.Equal("odd number of hex digits", e.Reason);
        await Assert.ThrowsAsync<CandumpFormatException>(async () => await reader.ReadAsync(buffer));
    }

    [Theory]
    [InlineData(1, "\n")]
    [InlineData(2, "\r\n")]
    [InlineData(3, "\n")]
    [InlineData(7, "\r\n")]
    [InlineData(4096, "\r\n")]
    public async Task Reads_lines_split_across_reads_with_any_line_end_and_no_final_newline(int chunk, string newline)
    {
        var text = ThreeLines.Replace("\n", newline, StringComparison.Ordinal).TrimEnd();
        var options = new CandumpReaderOptions { FileName = "log.txt", BufferSize = CandumpReaderOptions.MinBufferSize, Strict = true };
        await using var reader = new CandumpReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), options);

        var frames = await reader.ReadAllFramesAsync(batch: 2);

        Assert.Equal(["351#1402C012C012C201", "355#58005E00", "356#7A13F2FE6B01"], frames.Select(f => f.ToString()));
        Assert.Equal([0L, 1_000L, 2_000L], frames.Select(f => f.TimestampMicroseconds));
    }

    [Fact]
    public async Task Skips_an_over_long_garbage_line_and_keeps_counting_lines()
    {
        var text = "(0.0) can0 351#01\n" + new string('x', 1000) + "\n(0.0) can0 352#02\n(0.0) can0 35\n";
        var errors = new List<CandumpParseErrorEventArgs>();
        var options = new CandumpReaderOptions { FileName = "log.txt", BufferSize = 32, MaxLineLength = 64 };
        await using var reader = new CandumpReader(new TrickleStream(Encoding.UTF8.GetBytes(text), 5), options);
        reader.ParseError += (_, e) => errors.Add(e);

        var frames = await reader.ReadAllFramesAsync();

        Assert.Equal([0x351u, 0x352u], frames.Select(f => f.Id));
        Assert.Equal(2, errors.Count);
        Assert.Equal(2, errors[0].LineNumber);
        Assert.Equal("line longer than 64 bytes", errors[0].Reason);
        Assert.Equal("log.txt:2: cannot parse '" + new string('x', 64) + "...': line longer than 64 bytes", errors[0].Message);
        Assert.Equal("log.txt:4: cannot parse '(0.0) can0 35': missing '#' between id and data", errors[1].Message);
    }

    [Fact]
    public async Task Shares_one_string_per_interface_name()
    {
        await using var reader = SourceTestExtensions.ReaderOver("(0.0) can0 351#01\n(0.0) can1 351#01\n(0.0) can0 352#02\n(0.0) can1 352#02\n");
        var frames = await reader.ReadAllFramesAsync();

        Assert.Equal(["can0", "can1", "can0", "can1"], frames.Select(f => f.Interface));
        Assert.Same(frames[0].Interface, frames[2].Interface);
        Assert.Same(frames[1].Interface, frames[3].Interface);
    }

    [Fact]
    public async Task Skips_candump_explanations_of_an_error_frame()
    {
        var text = "  can0  20000004   [8]  00 04 00 00 00 00 00 00   ERRORFRAME\n\tcontroller-problem{rx-error-warning}\n  can0  356   [1]  01\n";
        var errors = 0;
        await using var reader = SourceTestExtensions.ReaderOver(text);
        reader.ParseError += (_, _) => errors++;

        var frames = await reader.ReadAllFramesAsync();

        Assert.Equal(0, errors);
        Assert.Equal([CanFrameFlags.Error, CanFrameFlags.None], frames.Select(f => f.Flags));
        Assert.Equal(4u, frames[0].Id);
    }

    [Fact]
    public async Task Names_a_missing_file()
    {
        var e = Assert.Throws<CanSourceException>(() => CandumpReader.Open("/nonexistent/log.txt"));
        Assert.StartsWith("/nonexistent/log.txt: cannot open: ", e.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Enumerates_frames_with_ReadAllAsync()
    {
        await using var reader = SourceTestExtensions.ReaderOver(ThreeLines);
        var ids = new List<uint>();
        await foreach (var frame in reader.ReadAllAsync())
        {
            ids.Add(frame.Id);
        }

        Assert.Equal([0x351u, 0x355u, 0x356u], ids);
    }

    [Fact]
    public async Task Honours_cancellation()
    {
        await using var reader = SourceTestExtensions.ReaderOver(ThreeLines);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAsync(new CanFrame[4], cts.Token));
    }

    /// <summary>Parses <c>(seconds.micros) iface id#data</c> with string operations, independently of the reader.</summary>
    private static (long Timestamp, string Interface, uint Id, string Data) ParseLogLineByHand(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var seconds = parts[0].Trim('(', ')').Split('.');
        var timestamp = (long.Parse(seconds[0], CultureInfo.InvariantCulture) * 1_000_000) + long.Parse(seconds[1].PadRight(6, '0'), CultureInfo.InvariantCulture);
        var frame = parts[2].Split('#');
        return (timestamp, parts[1], uint.Parse(frame[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), frame[1].ToUpperInvariant());
    }
}

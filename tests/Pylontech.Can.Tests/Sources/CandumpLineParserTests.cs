using System.Text;
using Pylontech.Can.Frames;
using Pylontech.Can.Sources;

namespace Pylontech.Can.Tests.Sources;

public class CandumpLineParserTests
{
    private sealed record Parsed(string Interface, uint Id, CanFrameFlags Flags, string Data, int Length, long Timestamp, bool HasTimestamp);

    private static Parsed ParseFrame(string line)
    {
        var kind = CandumpLineParser.Parse(Encoding.UTF8.GetBytes(line), out var frame, out var reason);
        Assert.True(kind == CandumpLineKind.Frame, $"expected a frame, got {kind}: {reason}");
        Assert.Null(reason);
        var f = frame.ToFrame(null);
        var data = f.IsRemote ? (f.RawData == 0 ? "" : "remote frame with data") : Convert.ToHexString(f.Data);
        return new(Encoding.UTF8.GetString(frame.Interface), frame.Id, frame.Flags, data, frame.Length, frame.TimestampMicroseconds, frame.HasTimestamp);
    }

    private static string ParseError(string line)
    {
        var kind = CandumpLineParser.Parse(Encoding.UTF8.GetBytes(line), out _, out var reason);
        Assert.Equal(CandumpLineKind.Invalid, kind);
        return reason!;
    }

    [Fact]
    public void Reads_the_log_format_with_its_timestamp_interface_id_and_data()
    {
        Assert.Equal(new Parsed("can0", 0x356, CanFrameFlags.None, "7A13F2FE6B01", 6, 1_700_000_000_123_456, true), ParseFrame("(1700000000.123456) can0 356#7A13F2FE6B01"));
    }

    [Theory]
    [InlineData("(0.5) vcan1 18FF50E5#0102", "vcan1", 0x18FF50E5u, CanFrameFlags.Extended, "0102", 2, 500_000L)]
    [InlineData("(1.000000) can0 123#R", "can0", 0x123u, CanFrameFlags.Remote, "", 0, 1_000_000L)]
    [InlineData("(1.000000) can0 123#R4", "can0", 0x123u, CanFrameFlags.Remote, "", 4, 1_000_000L)]
    [InlineData("(1.000000) can0 12345678#r", "can0", 0x12345678u, CanFrameFlags.Extended | CanFrameFlags.Remote, "", 0, 1_000_000L)]
    [InlineData("(2.000001) can0 20000080#0000000000000000", "can0", 0x80u, CanFrameFlags.Error, "0000000000000000", 8, 2_000_001L)]
    [InlineData("(0.000000) can0 123#11.22.33", "can0", 0x123u, CanFrameFlags.None, "112233", 3, 0L)]
    [InlineData("(0.000000) can0 7FF#", "can0", 0x7FFu, CanFrameFlags.None, "", 0, 0L)]
    [InlineData("(0.000000) can0 123#aBcD R", "can0", 0x123u, CanFrameFlags.None, "ABCD", 2, 0L)]
    [InlineData("(-1.5) can0 123#00", "can0", 0x123u, CanFrameFlags.None, "00", 1, -1_500_000L)]
    [InlineData("(12.1234567) can0 123#00\r", "can0", 0x123u, CanFrameFlags.None, "00", 1, 12_123_456L)]
    public void Reads_log_format_variants(string line, string iface, uint id, CanFrameFlags flags, string data, int length, long timestamp)
    {
        Assert.Equal(new Parsed(iface, id, flags, data, length, timestamp, true), ParseFrame(line));
    }

    [Theory]
    [InlineData("  can0  356   [6]  7A 13 F2 FE 6B 01", 0L, false)]
    [InlineData("(1700000000.123456)  can0  356   [6]  7A 13 F2 FE 6B 01", 1_700_000_000_123_456L, true)]
    [InlineData(" (000.001234)  can0  356   [6]  7A 13 F2 FE 6B 01", 1_234L, true)]
    [InlineData("  can0  356  [6]  7A 13 F2 FE 6B 01  'z....k'", 0L, false)]
    [InlineData("  can0  RX - -  356   [6]  7A 13 F2 FE 6B 01", 0L, false)]
    [InlineData("\tcan0\t356\t[6]\t7A 13 F2 FE 6B 01\r", 0L, false)]
    public void Reads_the_screen_format_with_and_without_timestamps(string line, long timestamp, bool hasTimestamp)
    {
        Assert.Equal(new Parsed("can0", 0x356, CanFrameFlags.None, "7A13F2FE6B01", 6, timestamp, hasTimestamp), ParseFrame(line));
    }

    [Theory]
    [InlineData("  can0  18FF50E5   [2]  01 02", 0x18FF50E5u, CanFrameFlags.Extended, "0102", 2)]
    [InlineData("  can0  123   [4]  remote request", 0x123u, CanFrameFlags.Remote, "", 4)]
    [InlineData("  can0  20000004   [8]  00 04 00 00 00 00 00 00   ERRORFRAME", 0x4u, CanFrameFlags.Error, "0004000000000000", 8)]
    [InlineData("  can0  35E   [8]  50 59 4C 4F 4E 20 20 20   'PYLON   '", 0x35Eu, CanFrameFlags.None, "50594C4F4E202020", 8)]
    [InlineData("  can0  305   [0]", 0x305u, CanFrameFlags.None, "", 0)]
    public void Reads_screen_format_variants(string line, uint id, CanFrameFlags flags, string data, int length)
    {
        Assert.Equal(new Parsed("can0", id, flags, data, length, 0, false), ParseFrame(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    [InlineData("\r")]
    [InlineData("# (0.000000) can0 356#7A13F2FE6B01")]
    [InlineData("   # indented comment")]
    public void Skips_blank_and_comment_lines(string line)
    {
        Assert.Equal(CandumpLineKind.Skipped, CandumpLineParser.Parse(Encoding.UTF8.GetBytes(line), out _, out var reason));
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("(1.0) can0 356#7A13F", "odd number of hex digits")]
    [InlineData("(1700000000.123456) can0 356#7A13F", "odd number of hex digits")]
    [InlineData("(1700000000.123456) can0 356#7A13F2FE6B01AABBCC", "more than 8 data bytes")]
    [InlineData("(1700000000.123456) can0 800#00", "11-bit id above 7FF")]
    [InlineData("(1700000000.123456) can0 356#7A13 X", "unexpected text after the frame")]
    [InlineData("(1.0) can0 356#7A.1.3", "odd number of hex digits")]
    [InlineData("(1.0) can0 356#0G", "invalid hex digit 'G'")]
    [InlineData("(1.0) can0 35G#00", "invalid hex digit 'G' in id")]
    [InlineData("(1.0) can0 3560#00", "id must have 3 hex digits (11-bit) or 8 (29-bit)")]
    [InlineData("(1.0) can0 #00", "missing id before '#'")]
    [InlineData("(1.0) can0 800#00", "11-bit id above 7FF")]
    [InlineData("(1.0) can0 40000000#00", "29-bit id above 1FFFFFFF")]
    [InlineData("(1.0) can0 3567A13F2", "missing '#' between id and data")]
    [InlineData("(1.0) can0 356#010203040506070809", "more than 8 data bytes")]
    [InlineData("(1.0) can0 123##1112233", "CAN FD frames ('##') are not supported yet")]
    [InlineData("(1.0) can0 123#R9", "remote request length must be one digit 0 to 8")]
    [InlineData("(1.0) can0 123#00 extra", "unexpected text after the frame")]
    [InlineData("(1.0 can0 123#00", "invalid timestamp: expected (seconds.microseconds)")]
    [InlineData("(2023-11-14 22:13:20.123456) can0 123#00", "invalid timestamp: expected (seconds.microseconds)")]
    [InlineData("(1.0)", "expected an interface name after the timestamp")]
    [InlineData("356#7A13", "expected an interface name before the frame")]
    [InlineData("garbage", "expected a frame after the interface name")]
    [InlineData("  can0  356   [6]  7A 13 F2 FE 6B", "length [6] does not match the 5 data bytes that follow")]
    [InlineData("  can0  356   [2]  7A 13 F2", "length [2] does not match the 3 data bytes that follow")]
    [InlineData("  can0  356   [9]  01 02 03 04 05 06 07 08 09", "length above [8]")]
    [InlineData("  can0  356   [x]  01", "length must be written [0] to [8]")]
    [InlineData("  can0  123  [08]  11 22 33 44 55 66 77 88", "CAN FD frames (two-digit '[NN]' length) are not supported yet")]
    [InlineData("  can0  356   [2]  7A 13 oops", "unexpected text after the data bytes")]
    [InlineData("  can0  356   [2]  7A 13 ERRORFRAME", "unexpected text after the data bytes")]
    public void Explains_why_a_line_is_invalid(string line, string reason)
    {
        Assert.Equal(reason, ParseError(line));
    }

    [Fact]
    public void Allocates_nothing_for_a_valid_line()
    {
        var line = "(1700000000.123456) can0 356#7A13F2FE6B01"u8.ToArray();
        CandumpLineParser.Parse(line, out _, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            CandumpLineParser.Parse(line, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using Pylontech.Can.Dbc;

namespace Pylontech.Can.Tests.Dbc;

/// <summary>
/// The bits a signal occupies, worked by hand from the DBC rule: bit b of byte n is position 8n + b; an Intel signal
/// runs up from its start bit; a Motorola signal starts at its most significant bit and runs down inside a byte, then on
/// to bit 7 of the next byte.
/// </summary>
public sealed class DbcSignalLayoutTests
{
    private static DbcSignal Signal(string layout)
    {
        var file = DbcFile.ParseLenient($"BU_: A\nBO_ 1 M: 64 A\n SG_ S : {layout} (1,0) [0|0] \"\" A\n", "t.dbc");
        Assert.Empty(file.Diagnostics);
        return file.Messages[0].Signals[0];
    }

    private static int[] Range(int from, int count) => Enumerable.Range(from, count).ToArray();

    [Fact]
    public void Intel_signal_runs_up_from_its_start_bit()
    {
        var signal = Signal("12|10@1+");

        Assert.Equal(Range(12, 10), signal.BitPositions());
        Assert.Equal(3, signal.BytesNeeded);
    }

    [Fact]
    public void Intel_signal_in_the_last_nibble_of_byte_7_needs_8_bytes()
    {
        var signal = Signal("60|4@1+");

        Assert.Equal([60, 61, 62, 63], signal.BitPositions());
        Assert.Equal(8, signal.BytesNeeded);
    }

    [Fact]
    public void Motorola_16_bits_from_bit_7_are_bytes_0_and_1_with_byte_1_least_significant()
    {
        var signal = Signal("7|16@0+");

        // MSB first: 7 6 5 4 3 2 1 0 then 15 14 ... 8; least significant first is byte 1 then byte 0.
        Assert.Equal(Range(8, 8).Concat(Range(0, 8)), signal.BitPositions());
        Assert.Equal(2, signal.BytesNeeded);
    }

    [Fact]
    public void Motorola_12_bits_from_bit_3_take_the_low_nibble_of_byte_0_and_all_of_byte_1()
    {
        var signal = Signal("3|12@0+");

        // MSB first: 3 2 1 0 then 15 ... 8.
        Assert.Equal(Range(8, 8).Concat(Range(0, 4)), signal.BitPositions());
        Assert.Equal(2, signal.BytesNeeded);
    }

    [Fact]
    public void Motorola_signal_inside_one_byte_runs_down_from_its_start_bit()
    {
        var signal = Signal("52|4@0+");

        Assert.Equal([49, 50, 51, 52], signal.BitPositions());
        Assert.Equal(7, signal.BytesNeeded);
    }

    [Fact]
    public void Motorola_2_bits_from_bit_0_continue_at_bit_7_of_the_next_byte()
    {
        var signal = Signal("0|2@0+");

        Assert.Equal([15, 0], signal.BitPositions());
        Assert.Equal(2, signal.BytesNeeded);
    }

    [Fact]
    public void Motorola_24_bits_from_bit_39_are_bytes_4_to_6()
    {
        var signal = Signal("39|24@0+");

        // Byte 6 is least significant, then byte 5, then byte 4.
        Assert.Equal(Range(48, 8).Concat(Range(40, 8)).Concat(Range(32, 8)), signal.BitPositions());
        Assert.Equal(7, signal.BytesNeeded);
    }

    [Fact]
    public void Motorola_64_bits_from_bit_7_are_the_whole_frame_in_network_order()
    {
        var signal = Signal("7|64@0+");

        var expected = Enumerable.Range(0, 8).Reverse().SelectMany(n => Range(8 * n, 8));
        Assert.Equal(expected, signal.BitPositions());
        Assert.Equal(8, signal.BytesNeeded);
    }

    [Fact]
    public void Motorola_signal_in_a_64_byte_frame_reaches_its_last_byte()
    {
        var signal = Signal("497|10@0+");

        // 497 is byte 62 bit 1: MSB first 497 496, then byte 63 from bit 7 (511) down to bit 0 (504).
        Assert.Equal(Range(504, 8).Concat([496, 497]), signal.BitPositions());
        Assert.Equal(64, signal.BytesNeeded);
    }
}

namespace Pylontech.Can.Tests;

public sealed class CanTextTests
{
    [Fact]
    public void Trailing_spaces_and_nuls_are_not_part_of_the_text()
    {
        var text = CanText.FromBytes("PYLON \0 "u8);

        Assert.Equal(5, text.Length);
        Assert.True(text.Equals("PYLON"));
        Assert.True(text == "PYLON");
        Assert.False(text == "PYLON ");
        Assert.Equal("PYLON", text.ToString());
    }

    [Fact]
    public void Leading_and_inner_spaces_are_kept()
    {
        var text = CanText.FromBytes(" A B"u8);

        Assert.Equal(" A B", text.ToString());
    }

    [Fact]
    public void Packed_bytes_past_the_length_are_ignored()
    {
        // "PYLON" followed by three 0xFF bytes, byte 0 in the low 8 bits.
        var text = CanText.FromRawData(0xFFFFFF_4E4F4C5950, 5);

        Assert.Equal(CanText.FromBytes("PYLON"u8), text);
        Assert.True(text == "PYLON");
    }

    [Fact]
    public void Copies_its_bytes_and_refuses_a_destination_too_short()
    {
        var text = CanText.FromBytes("0204\0\0\0\0"u8);
        Span<byte> destination = stackalloc byte[8];

        Assert.Equal(4, text.CopyTo(destination));
        Assert.Equal("0204"u8.ToArray(), destination[..4].ToArray());
        Assert.Throws<ArgumentException>(() => text.CopyTo(new byte[3]));
    }

    [Fact]
    public void Only_the_first_eight_bytes_are_kept()
    {
        Assert.Equal("SHEnergy", CanText.FromBytes("SHEnergy-extra"u8).ToString());
    }

    [Fact]
    public void Comparing_with_a_string_does_not_allocate()
    {
        var text = CanText.FromBytes("PYLON"u8);
        _ = text.Equals("PYLON");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var equal = text.Equals("PYLON") && text != "PYTES" && !text.Equals((string?)null);
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.True(equal);
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void All_nuls_is_empty()
    {
        var text = CanText.FromBytes(new byte[8]);

        Assert.True(text.IsEmpty);
        Assert.True(text == "");
        Assert.Equal("", text.ToString());
    }
}

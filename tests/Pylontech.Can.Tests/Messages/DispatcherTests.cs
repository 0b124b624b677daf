using Pylontech.Can.Frames;
using Pylontech.Can.Messages;

namespace Pylontech.Can.Tests.Messages;

public sealed class DispatcherTests
{
    [Theory]
    [InlineData(0x351u, PylontechMessageKind.BatteryLimits)]
    [InlineData(0x35Eu, PylontechMessageKind.Manufacturer)]
    [InlineData(0x379u, PylontechMessageKind.InstalledCapacity)]
    [InlineData(0x370u, PylontechMessageKind.Unknown)]
    public void Identifies_a_standard_identifier(uint id, PylontechMessageKind kind)
    {
        Assert.Equal(kind, PylontechMessages.Identify(id));
    }

    [Fact]
    public void An_extended_identifier_with_the_same_number_is_not_a_pylon_message()
    {
        Assert.Equal(PylontechMessageKind.Unknown, PylontechMessages.Identify(0x351, isExtended: true));
    }

    [Fact]
    public void Lists_the_sixteen_identifiers_of_the_dbc()
    {
        Assert.Equal(
            [0x305u, 0x351, 0x355, 0x356, 0x359, 0x35A, 0x35C, 0x35E, 0x35F, 0x372, 0x373, 0x374, 0x375, 0x376, 0x377, 0x379],
            PylontechMessages.Ids);
    }

    [Fact]
    public void Passes_a_decoded_frame_to_the_handler_method_of_its_message()
    {
        var handler = new RecordingHandler();

        Assert.True(PylontechMessages.TryDecode(new CanFrame(0x356, Convert.FromHexString("7A13F2FE6B01")), ref handler));

        Assert.Equal(49.86, handler.Voltage);
        Assert.Equal(0, handler.Limits);
    }

    [Fact]
    public void Ignores_unknown_identifiers_remote_frames_and_empty_frames()
    {
        var handler = new RecordingHandler();

        Assert.False(PylontechMessages.Dispatch(0x123, false, [1, 2], ref handler));
        Assert.False(PylontechMessages.TryDecode(new CanFrame(0x351, [], CanFrameFlags.Remote), ref handler));
        Assert.False(PylontechMessages.Dispatch(0x351, false, [], ref handler));
        Assert.Equal(0, handler.Limits);
    }

    [Fact]
    public void A_handler_that_does_not_implement_a_message_still_receives_the_others()
    {
        var handler = new RecordingHandler();

        Assert.True(PylontechMessages.Dispatch(0x35E, false, Convert.FromHexString("50594C4F4E202020"), ref handler));
        Assert.True(PylontechMessages.Dispatch(0x351, false, Convert.FromHexString("1402C012C012C201"), ref handler));

        Assert.Equal(1, handler.Limits);
    }

    [Fact]
    public void Generic_code_reads_the_identifier_and_name_through_the_message_interface()
    {
        Assert.Equal((0x351u, false, "BatteryLimits"), Describe<BatteryLimits>());
        Assert.Equal((0x35Eu, false, "Manufacturer"), Describe<Manufacturer>());
    }

    private static (uint, bool, string) Describe<T>()
        where T : struct, ICanMessage<T> => (T.CanId, T.IsExtendedId, T.MessageName);

    private sealed class RecordingHandler : IPylontechMessageHandler
    {
        public int Limits { get; private set; }

        public double? Voltage { get; private set; }

        public void Handle(in BatteryLimits message) => Limits++;

        public void Handle(in BatteryMeasurements message) => Voltage = message.BatteryVoltage;
    }
}

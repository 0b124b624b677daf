using System.Buffers.Binary;
using CsCheck;
using Pylontech.Can.Dbc;
using Pylontech.Can.Frames;
using Pylontech.Can.Messages;

namespace Pylontech.Can.Tests.Messages;

/// <summary>Messages created from data already packed (as <see cref="CanFrame.RawData"/> holds it) follow every rule of TryDecode.</summary>
public sealed class FromRawDataTests
{
    public static TheoryData<string> MessageNames => new(DbcFile.Pylontech.Messages.Select(m => m.Name));

    [Fact]
    public void Creates_the_limits_of_the_protocol_vector_from_its_packed_bytes()
    {
        var limits = BatteryLimits.FromRawData(0x01C2_12C0_12C0_0214, 8);

        Assert.Equal(8, limits.Length);
        Assert.Equal(53.2, limits.ChargeVoltageLimit);
        Assert.Equal(480.0, limits.ChargeCurrentLimit);
        Assert.Equal(480.0, limits.DischargeCurrentLimit);
        Assert.Equal(45.0, limits.DischargeVoltageLimit);
    }

    [Fact]
    public void Clears_the_bytes_past_the_length_so_a_signal_beyond_it_is_null()
    {
        var limits = BatteryLimits.FromRawData(0x01C2_12C0_12C0_0214, 6);

        Assert.Equal(6, limits.Length);
        Assert.Equal(0x12C0_12C0_0214UL, limits.RawData);
        Assert.Equal(480.0, limits.DischargeCurrentLimit);
        Assert.Null(limits.DischargeVoltageLimit);
    }

    [Theory]
    [InlineData(-1, 0, 0x0UL)]
    [InlineData(int.MinValue, 0, 0x0UL)]
    [InlineData(0, 0, 0x0UL)]
    [InlineData(1, 1, 0xFFUL)]
    [InlineData(7, 7, 0x00FF_FFFF_FFFF_FFFFUL)]
    [InlineData(8, 8, ulong.MaxValue)]
    [InlineData(9, 8, ulong.MaxValue)]
    [InlineData(int.MaxValue, 8, ulong.MaxValue)]
    public void Clamps_the_length_to_0_to_8_bytes(int length, int expectedLength, ulong expectedRawData)
    {
        var limits = BatteryLimits.FromRawData(ulong.MaxValue, length);

        Assert.Equal(expectedLength, limits.Length);
        Assert.Equal(expectedRawData, limits.RawData);
    }

    [Fact]
    public void No_bytes_give_the_same_message_as_an_empty_frame()
    {
        Assert.False(BatteryLimits.TryDecode([], out var decoded));

        Assert.Equal(decoded, BatteryLimits.FromRawData(0x1234, 0));
        Assert.Null(BatteryLimits.FromRawData(0x1234, 0).ChargeVoltageLimit);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Equals_what_TryDecode_gives_for_the_same_bytes_on_random_data_and_lengths(string messageName)
    {
        var message = DbcFile.Pylontech.Messages.Single(m => m.Name == messageName);
        Gen.Select(Gen.ULong, Gen.Int[-3, 11]).Sample((rawData, length) =>
        {
            var received = Math.Clamp(length, 0, 8);
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, rawData);

            var created = GeneratedMessages.FromRawData(message, rawData, length);
            var decoded = GeneratedMessages.Decode(message, bytes, received);

            // TryDecode refuses only an empty frame of a message with signals, and leaves the default: no bytes.
            Assert.Equal(decoded ?? Activator.CreateInstance(GeneratedMessages.TypeOf(message)), created);
            foreach (var signal in message.Signals)
            {
                var property = GeneratedMessages.PropertyOf(message, signal);
                Assert.Equal(decoded is null ? null : property.GetValue(decoded), property.GetValue(created));
            }
        }, iter: 2000);
    }

    [Fact]
    public void The_dispatcher_gives_the_same_message_from_packed_data_from_a_span_and_from_a_frame()
    {
        Gen.Select(Gen.Int[0, PylontechMessages.Ids.Count - 1], Gen.ULong, Gen.Int[0, 8]).Sample((index, rawData, length) =>
        {
            var id = PylontechMessages.Ids[index];
            var frame = CanFrame.FromRaw(id, rawData, length);
            var fromRaw = new RecordingHandler();
            var fromSpan = new RecordingHandler();
            var fromFrame = new RecordingHandler();

            var decoded = PylontechMessages.Dispatch(id, false, rawData, length, ref fromRaw);

            Assert.Equal(decoded, PylontechMessages.Dispatch(id, false, frame.Data, ref fromSpan));
            Assert.Equal(decoded, PylontechMessages.TryDecode(frame, ref fromFrame));
            Assert.Equal(decoded, length > 0 || id == InverterHeartbeat.CanId);
            Assert.Equal(fromSpan.Message, fromRaw.Message);
            Assert.Equal(fromFrame.Message, fromRaw.Message);
            Assert.Equal(decoded, fromRaw.Message is not null);
        }, iter: 2000);
    }

    [Fact]
    public void The_dispatcher_refuses_packed_data_of_no_bytes_for_a_message_with_signals_but_not_for_the_heartbeat()
    {
        var handler = new RecordingHandler();

        Assert.False(PylontechMessages.Dispatch(BatteryLimits.CanId, false, ulong.MaxValue, 0, ref handler));
        Assert.False(PylontechMessages.Dispatch(BatteryLimits.CanId, false, ulong.MaxValue, -1, ref handler));
        Assert.False(PylontechMessages.Dispatch(BatteryLimits.CanId, true, ulong.MaxValue, 8, ref handler));
        Assert.Null(handler.Message);
        Assert.True(PylontechMessages.Dispatch(InverterHeartbeat.CanId, false, ulong.MaxValue, 0, ref handler));
        Assert.Equal(InverterHeartbeat.FromRawData(0, 0), handler.Message);
    }

    [Fact]
    public void The_dispatcher_clamps_a_length_past_8_bytes()
    {
        var handler = new RecordingHandler();

        Assert.True(PylontechMessages.Dispatch(BatteryLimits.CanId, false, 0x01C2_12C0_12C0_0214, 12, ref handler));

        Assert.Equal(BatteryLimits.FromRawData(0x01C2_12C0_12C0_0214, 8), handler.Message);
    }

    /// <summary>Keeps the last message it received, boxed.</summary>
    private sealed class RecordingHandler : IPylontechMessageHandler
    {
        public object? Message { get; private set; }

        public void Handle(in InverterHeartbeat message) => Message = message;

        public void Handle(in BatteryLimits message) => Message = message;

        public void Handle(in StateOfChargeAndHealth message) => Message = message;

        public void Handle(in BatteryMeasurements message) => Message = message;

        public void Handle(in ProtectionAndAlarm message) => Message = message;

        public void Handle(in AlarmsAndWarnings message) => Message = message;

        public void Handle(in ChargeRequest message) => Message = message;

        public void Handle(in Manufacturer message) => Message = message;

        public void Handle(in BatteryInfo message) => Message = message;

        public void Handle(in ModuleStatus message) => Message = message;

        public void Handle(in CellExtremes message) => Message = message;

        public void Handle(in MinCellVoltageId message) => Message = message;

        public void Handle(in MaxCellVoltageId message) => Message = message;

        public void Handle(in MinCellTemperatureId message) => Message = message;

        public void Handle(in MaxCellTemperatureId message) => Message = message;

        public void Handle(in CapacityInfo message) => Message = message;
    }
}

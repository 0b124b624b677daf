using CsCheck;
using Pylontech.Can.Dbc;
using Pylontech.Can.Messages;

namespace Pylontech.Can.Tests.Messages;

public sealed class ShortFrameTests
{
    public static TheoryData<string> MessageNames => new(DbcFile.Pylontech.Messages.Select(m => m.Name));

    [Fact]
    public void A_six_byte_limits_frame_has_no_discharge_voltage_limit_and_ignores_the_bytes_after_it()
    {
        // The bytes after the sixth belong to the caller's buffer, not to the frame.
        var buffer = Convert.FromHexString("1402C012C012C201");

        Assert.True(BatteryLimits.TryDecode(buffer.AsSpan(0, 6), out var limits));

        Assert.Equal(6, limits.Length);
        Assert.Equal(0x12C0_12C0_0214UL, limits.RawData);
        Assert.Equal(53.2, limits.ChargeVoltageLimit);
        Assert.Equal(480.0, limits.DischargeCurrentLimit);
        Assert.Null(limits.DischargeVoltageLimit);
    }

    [Fact]
    public void A_five_byte_manufacturer_frame_holds_the_five_characters_received()
    {
        var buffer = Convert.FromHexString("5059544553FFFFFF");

        Assert.True(Manufacturer.TryDecode(buffer.AsSpan(0, 5), out var manufacturer));

        Assert.True(manufacturer.ManufacturerName?.Equals("PYTES"));
    }

    [Fact]
    public void An_empty_frame_does_not_decode_a_message_with_signals()
    {
        Assert.False(BatteryLimits.TryDecode([], out var limits));

        Assert.Equal(0, limits.Length);
        Assert.Null(limits.ChargeVoltageLimit);
    }

    [Fact]
    public void An_empty_heartbeat_frame_decodes_because_the_heartbeat_has_no_signals()
    {
        Assert.True(InverterHeartbeat.TryDecode([], out var heartbeat));

        Assert.Equal(0, heartbeat.Length);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void A_signal_is_present_exactly_when_its_bytes_were_received(string messageName)
    {
        var message = DbcFile.Pylontech.Messages.Single(m => m.Name == messageName);
        // Every byte past the frame is 0xFF: a decoder that reads past the frame would see them.
        var buffer = Enumerable.Repeat((byte)0xFF, 16).ToArray();
        for (var length = 1; length <= 8; length++)
        {
            var decoded = GeneratedMessages.Decode(message, buffer, length);

            Assert.NotNull(decoded);
            var type = GeneratedMessages.TypeOf(message);
            Assert.Equal(length, (int)type.GetProperty("Length")!.GetValue(decoded)!);
            Assert.Equal(length == 8 ? ulong.MaxValue : (1UL << (length * 8)) - 1, (ulong)type.GetProperty("RawData")!.GetValue(decoded)!);
            foreach (var signal in message.Signals)
            {
                var needed = signal.Encoding == DbcSignalEncoding.Ascii ? (signal.StartBit / 8) + 1 : signal.BytesNeeded;
                var value = GeneratedMessages.PropertyOf(message, signal).GetValue(decoded);
                Assert.True((value is not null) == (length >= needed), $"{message.Name}.{signal.Name} with {length} bytes: {value ?? "null"}");
            }
        }
    }

    [Fact]
    public void Decoding_never_throws_and_fails_only_on_an_empty_frame_with_signals()
    {
        Gen.Byte.Array[0, 64].Sample(data =>
        {
            foreach (var message in DbcFile.Pylontech.Messages)
            {
                var decoded = GeneratedMessages.Decode(message, data, data.Length);

                Assert.Equal(data.Length == 0 && message.Signals.Count > 0, decoded is null);
                _ = decoded?.ToString();
            }

            var handler = new CountingHandler();
            PylontechMessages.Dispatch(0x351, false, data, ref handler);
            PylontechMessages.Dispatch(0x35E, false, data, ref handler);
        });
    }

    private struct CountingHandler : IPylontechMessageHandler
    {
        public int Count;

        public void Handle(in BatteryLimits message) => Count++;

        public void Handle(in Manufacturer message) => Count++;
    }
}

using Pylontech.Can.Dbc;

namespace Pylontech.Can.Tests.Dbc;

public sealed class PylontechDbcTests
{
    [Fact]
    public void Bundled_dbc_parses_without_any_diagnostic()
    {
        var file = DbcFile.Pylontech;

        Assert.Empty(file.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(16, file.Messages.Count);
    }

    [Fact]
    public void Every_message_and_signal_has_a_comment()
    {
        foreach (var message in DbcFile.Pylontech.Messages)
        {
            Assert.False(string.IsNullOrWhiteSpace(message.Comment), $"message {message.Name} has no CM_");
            foreach (var signal in message.Signals)
            {
                Assert.False(string.IsNullOrWhiteSpace(signal.Comment), $"signal {message.Name}.{signal.Name} has no CM_");
            }
        }
    }

    [Fact]
    public void Every_signal_is_intel_byte_order()
    {
        Assert.All(DbcFile.Pylontech.Messages.SelectMany(m => m.Signals), s => Assert.Equal(DbcByteOrder.LittleEndian, s.ByteOrder));
    }

    [Fact]
    public void Limits_frame_has_the_discharge_voltage_limit_in_bytes_6_and_7()
    {
        var limits = DbcFile.Pylontech.FindMessage(0x351)!;
        var dvl = Assert.Single(limits.Signals, s => s.Name == "DischargeVoltageLimit");

        Assert.Equal(48, dvl.StartBit);
        Assert.Equal(16, dvl.Length);
        Assert.Equal(0.1, dvl.Factor);
        Assert.Equal("V", dvl.Unit);
    }

    [Fact]
    public void Text_signals_are_marked_ascii()
    {
        var name = DbcFile.Pylontech.FindMessage(0x35E)!.Signals.Single();

        Assert.Equal(DbcSignalEncoding.Ascii, name.Encoding);
        Assert.Equal(DbcSignalEncoding.Integer, DbcFile.Pylontech.FindMessage(0x356)!.Signals[0].Encoding);
    }
}

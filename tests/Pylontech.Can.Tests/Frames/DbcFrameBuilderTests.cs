using Pylontech.Can.Dbc;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Tests.Frames;

// Expected bytes are the spec's test vectors (PYLON-CAN.md section 8).
public sealed class DbcFrameBuilderTests
{
    private static DbcFrameBuilder Builder(uint id) => new(DbcFile.Pylontech.FindMessage(id)!);

    [Fact]
    public void Encodes_limits_vector_T1()
    {
        var frame = Builder(0x351)
            .Set("ChargeVoltageLimit", 53.2).Set("ChargeCurrentLimit", 480.0)
            .Set("DischargeCurrentLimit", 480.0).Set("DischargeVoltageLimit", 45.0)
            .ToFrame();

        Assert.Equal("351#1402C012C012C201", frame.ToString());
    }

    [Fact]
    public void Encodes_negative_current_vector_T3_in_six_bytes()
    {
        var frame = Builder(0x356)
            .Set("BatteryVoltage", 49.86).Set("BatteryCurrent", -27.0).Set("BatteryTemperature", 36.3)
            .ToFrame(length: 6);

        Assert.Equal("356#7A13F2FE6B01", frame.ToString());
    }

    [Fact]
    public void Encodes_every_defined_flag_vector_T18()
    {
        var builder = Builder(0x359);
        foreach (var name in new[]
                 {
                     "CellOverVoltageProtection", "CellUnderVoltageProtection", "CellOverTemperatureProtection",
                     "CellUnderTemperatureProtection", "DischargeOverCurrentProtection", "ChargeOverCurrentProtection",
                     "SystemErrorProtection", "CellHighVoltageAlarm", "CellLowVoltageAlarm", "CellHighTemperatureAlarm",
                     "CellLowTemperatureAlarm", "DischargeHighCurrentAlarm", "ChargeHighCurrentAlarm",
                     "InternalCommunicationFailAlarm",
                 })
        {
            builder.Set(name, true);
        }

        var frame = builder.Set("ModuleCount", 1).Set("ProtocolMarker", 0x4E50).ToFrame(length: 7);

        Assert.Equal("359#9E099E0901504E", frame.ToString());
    }

    [Fact]
    public void Encodes_manufacturer_text_padded_with_spaces_vector_T6()
    {
        var frame = Builder(0x35E).SetText("ManufacturerName", "PYLON").ToFrame();

        Assert.Equal("35E#50594C4F4E202020", frame.ToString());
    }

    [Fact]
    public void Clamps_values_outside_the_raw_range()
    {
        var frame = Builder(0x355).Set("StateOfCharge", -5).Set("StateOfHealth", 1e9).ToFrame(length: 4);

        Assert.Equal("355#0000FFFF", frame.ToString());
    }

    [Fact]
    public void Rejects_an_unknown_signal_and_text_that_does_not_fit()
    {
        var builder = Builder(0x35E);

        Assert.Throws<ArgumentException>(() => builder.Set("NoSuchSignal", 1));
        Assert.Throws<ArgumentException>(() => builder.SetText("ManufacturerName", "PYLONTECH"));
    }
}

using Pylontech.Can.Decoding;

namespace Pylontech.Can.Tests.Decoding;

/// <summary>
/// The worked examples of the protocol reference (PYLON-CAN.md section 8) decode to the values the reference states.
/// Expected values are copied from its table; the vectors are named T1… as there.
/// </summary>
public sealed class PylontechVectorTests
{
    private static DecodedFrame Decode(uint id, string hex) => DecodedFrame.Decode(DbcDecoder.Pylontech, id, hex);

    private static readonly string[] ProtectionAndAlarmFlags =
    [
        "CellOverVoltageProtection", "CellUnderVoltageProtection", "CellOverTemperatureProtection", "CellUnderTemperatureProtection",
        "DischargeOverCurrentProtection", "ChargeOverCurrentProtection", "SystemErrorProtection", "CellHighVoltageAlarm",
        "CellLowVoltageAlarm", "CellHighTemperatureAlarm", "CellLowTemperatureAlarm", "DischargeHighCurrentAlarm",
        "ChargeHighCurrentAlarm", "InternalCommunicationFailAlarm",
    ];

    [Theory]
    [InlineData("14 02 C0 12 C0 12 C2 01", 53.2, 480.0, 480.0, 45.0)] // T1
    [InlineData("14 02 B0 04 40 06 C2 01", 53.2, 120.0, 160.0, 45.0)] // T10
    [InlineData("14 02 74 0E 74 0E CC 01", 53.2, 370.0, 370.0, 46.0)] // T13
    [InlineData("28 02 F4 01 20 03 E0 01", 55.2, 50.0, 80.0, 48.0)] // T14
    [InlineData("48 02 D0 07 D0 07 C0 01", 58.4, 200.0, 200.0, 44.8)] // T19
    public void Battery_limits_0x351(string data, double chargeVoltage, double chargeCurrent, double dischargeCurrent, double dischargeVoltage)
    {
        Decode(0x351, data).Has(
            ("ChargeVoltageLimit", chargeVoltage),
            ("ChargeCurrentLimit", chargeCurrent),
            ("DischargeCurrentLimit", dischargeCurrent),
            ("DischargeVoltageLimit", dischargeVoltage));
    }

    [Fact]
    public void T2_state_of_charge_and_health_of_old_firmware_has_no_high_resolution_soc()
    {
        var frame = Decode(0x355, "58 00 5E 00").Has(("StateOfCharge", 88), ("StateOfHealth", 94)).Lacks("StateOfChargeHighResolution");

        Assert.Equal("%", frame["StateOfCharge"].Signal.Unit);
    }

    [Fact]
    public void T7_state_of_charge_and_health_of_new_firmware_has_an_unused_high_resolution_soc()
    {
        Decode(0x355, "54 00 60 00 00 00").Has(("StateOfCharge", 84), ("StateOfHealth", 96), ("StateOfChargeHighResolution", 0));
    }

    [Theory]
    [InlineData("7A 13 F2 FE 6B 01", 49.86, -27.0, 36.3)] // T3
    [InlineData("84 13 F1 FF 37 00", 49.96, -1.5, 5.5)] // T11
    [InlineData("6C 14 04 00 DC 00", 52.28, 0.4, 22.0)] // T15
    public void Battery_measurements_0x356(string data, double voltage, double current, double temperature)
    {
        Decode(0x356, data).Has(("BatteryVoltage", voltage), ("BatteryCurrent", current), ("BatteryTemperature", temperature));
    }

    [Theory]
    [InlineData("00 00 00 00 06 50 4E", 6)] // T4
    [InlineData("00 00 00 00 04 50 4E", 4)] // T12
    [InlineData("00 00 00 00 01 50 4E", 1)] // T16
    public void Protection_and_alarm_0x359_without_flags(string data, int modules)
    {
        var frame = Decode(0x359, data).Has(("ModuleCount", modules)).Lacks("OnlineModuleBitmap");

        Assert.All(ProtectionAndAlarmFlags, flag => Assert.False(frame[flag].IsSet, flag));
        Assert.Equal("PN", frame["ProtocolMarker"].ValueName);
    }

    [Fact]
    public void T18_every_defined_protection_and_alarm_bit_set()
    {
        var frame = Decode(0x359, "9E 09 9E 09 01 50 4E").Has(("ModuleCount", 1));

        Assert.All(ProtectionAndAlarmFlags, flag => Assert.True(frame[flag].IsSet, flag));
        Assert.False(frame["VendorSystemErrorProtection"].IsSet);
        Assert.False(frame["VendorSystemErrorAlarm"].IsSet);
        Assert.Equal(SignalKind.Flag, frame["CellOverVoltageProtection"].Signal.Kind);
    }

    [Theory]
    [InlineData("C0 00", true, true, false)] // T5
    [InlineData("E0 00", true, true, true)] // T17
    [InlineData("20 00", false, false, true)] // T17
    [InlineData("40 00", false, true, false)] // T17
    [InlineData("80 00", true, false, false)] // T17
    [InlineData("A0 00", true, false, true)] // T17
    public void Charge_requests_0x35C(string data, bool charge, bool discharge, bool forceChargeI)
    {
        var frame = Decode(0x35C, data);

        Assert.Equal(charge, frame["ChargeEnable"].IsSet);
        Assert.Equal(discharge, frame["DischargeEnable"].IsSet);
        Assert.Equal(forceChargeI, frame["RequestForceCharge1"].IsSet);
        Assert.False(frame["RequestForceCharge2"].IsSet);
        Assert.False(frame["RequestFullCharge"].IsSet);
    }

    [Fact]
    public void T6_manufacturer_0x35E_is_PYLON_without_its_padding()
    {
        var name = Decode(0x35E, "50 59 4C 4F 4E 20 20 20")["ManufacturerName"];

        Assert.Equal(SignalKind.Text, name.Signal.Kind);
        Assert.Equal("PYLON", name.GetText());
        Assert.Equal(5, name.TextLength);
    }

    [Fact]
    public void T8_battery_info_0x35F()
    {
        var frame = Decode(0x35F, "4C 49 01 03 3C 02 AA 00")
            .Has(("BmsVersionMajor", 1), ("BmsVersionMinor", 3), ("Capacity", 572), ("ManufacturerCode", 0x00AA));

        Assert.Equal("LI", frame["BatteryType"].GetText());
    }

    [Fact]
    public void T9_alarms_and_warnings_0x35A_all_not_supported()
    {
        var frame = Decode(0x35A, "00 00 00 00 00 00 00 00");

        Assert.Equal(26, frame.Values.Length);
        Assert.All(frame.Values, v => Assert.Equal("NotSupported", v.ValueName));
        Assert.All(frame.Values, v => Assert.Equal(SignalKind.Enum, v.Signal.Kind));
    }

    [Fact]
    public void T21_cell_extremes_0x373()
    {
        Decode(0x373, "CA 0C CF 0C 1B 01 1C 01").Has(
            ("MinCellVoltage", 3.274), ("MaxCellVoltage", 3.279), ("MinCellTemperature", 283), ("MaxCellTemperature", 284));
    }

    [Fact]
    public void T22_installed_capacity_0x379()
    {
        Decode(0x379, "C8 00 00 00 00 00 00 00").Has(("InstalledCapacity", 200));
    }

    [Fact]
    public void T23_name_of_the_cell_with_the_lowest_voltage_0x374()
    {
        Assert.Equal("0204", Decode(0x374, "30 32 30 34 00 00 00 00")["MinCellVoltageName"].GetText());
    }
}

using Pylontech.Can.Messages;

namespace Pylontech.Can.Tests.Messages;

/// <summary>The worked examples of the protocol reference (PYLON-CAN.md section 8), decoded by the generated types.</summary>
public sealed class PylontechVectorTests
{
    [Theory]
    [InlineData("T1 US5000 x6", "1402C012C012C201", 53.2, 480.0, 480.0, 45.0)]
    [InlineData("T10 US5000 x4", "1402B0044006C201", 53.2, 120.0, 160.0, 45.0)]
    [InlineData("T13 setfirelabs sample", "1402740E740ECC01", 53.2, 370.0, 370.0, 46.0)]
    [InlineData("T14 JK-BMS", "2802F4012003E001", 55.2, 50.0, 80.0, 48.0)]
    [InlineData("T19 Eco-Worthy", "4802D007D007C001", 58.4, 200.0, 200.0, 44.8)]
    public void Decodes_battery_limits_including_the_discharge_voltage_limit_from_bytes_6_7(
        string vector, string hex, double chargeVoltage, double chargeCurrent, double dischargeCurrent, double dischargeVoltage)
    {
        Assert.True(BatteryLimits.TryDecode(Convert.FromHexString(hex), out var limits), vector);

        Assert.Equal(chargeVoltage, limits.ChargeVoltageLimit);
        Assert.Equal(chargeCurrent, limits.ChargeCurrentLimit);
        Assert.Equal(dischargeCurrent, limits.DischargeCurrentLimit);
        Assert.Equal(dischargeVoltage, limits.DischargeVoltageLimit);
    }

    [Fact]
    public void Decodes_soc_and_soh_of_a_four_byte_V1_2_frame_without_high_resolution_soc_T2()
    {
        Assert.True(StateOfChargeAndHealth.TryDecode(Convert.FromHexString("58005E00"), out var soc));

        Assert.Equal((ushort)88, soc.StateOfCharge);
        Assert.Equal((ushort)94, soc.StateOfHealth);
        Assert.Null(soc.StateOfChargeHighResolution);
    }

    [Fact]
    public void Decodes_a_six_byte_new_firmware_soc_frame_with_unused_high_resolution_soc_T7()
    {
        Assert.True(StateOfChargeAndHealth.TryDecode(Convert.FromHexString("540060000000"), out var soc));

        Assert.Equal((ushort)84, soc.StateOfCharge);
        Assert.Equal((ushort)96, soc.StateOfHealth);
        Assert.Equal(0.0, soc.StateOfChargeHighResolution);
    }

    [Fact]
    public void Decodes_high_resolution_soc_in_hundredths_of_a_percent_T24()
    {
        Assert.True(StateOfChargeAndHealth.TryDecode(Convert.FromHexString("3C00640084170000"), out var soc));

        Assert.Equal((ushort)60, soc.StateOfCharge);
        Assert.Equal((ushort)100, soc.StateOfHealth);
        Assert.Equal(60.20, soc.StateOfChargeHighResolution);
    }

    [Theory]
    [InlineData("T3 US5000 discharging", "7A13F2FE6B01", 49.86, -27.0, 36.3)]
    [InlineData("T11 US5000 x4", "8413F1FF3700", 49.96, -1.5, 5.5)]
    [InlineData("T15 JK-BMS charging", "6C140400DC00", 52.28, 0.4, 22.0)]
    [InlineData("T25 Seplos eight bytes", "6114D3FEEB001A00", 52.17, -30.1, 23.5)]
    public void Decodes_signed_voltage_current_and_temperature(string vector, string hex, double voltage, double current, double temperature)
    {
        Assert.True(BatteryMeasurements.TryDecode(Convert.FromHexString(hex), out var measurements), vector);

        Assert.Equal(voltage, measurements.BatteryVoltage);
        Assert.Equal(current, measurements.BatteryCurrent);
        Assert.Equal(temperature, measurements.BatteryTemperature);
    }

    [Theory]
    [InlineData("T4", "000000000650 4E", 6)]
    [InlineData("T12", "00000000 04504E", 4)]
    [InlineData("T16", "00000000 01504E", 1)]
    public void Decodes_a_seven_byte_protection_frame_with_no_flags_the_module_count_and_the_PN_marker(string vector, string hex, int modules)
    {
        Assert.True(ProtectionAndAlarm.TryDecode(Convert.FromHexString(hex.Replace(" ", "")), out var protection), vector);

        Assert.Equal((byte)modules, protection.ModuleCount);
        Assert.Equal(ProtocolMarker.PN, protection.ProtocolMarker);
        Assert.Null(protection.OnlineModuleBitmap);
        bool?[] flags =
        [
            protection.CellOverVoltageProtection, protection.CellUnderVoltageProtection, protection.CellOverTemperatureProtection,
            protection.CellUnderTemperatureProtection, protection.DischargeOverCurrentProtection, protection.ChargeOverCurrentProtection,
            protection.SystemErrorProtection, protection.VendorSystemErrorProtection, protection.CellHighVoltageAlarm,
            protection.CellLowVoltageAlarm, protection.CellHighTemperatureAlarm, protection.CellLowTemperatureAlarm,
            protection.DischargeHighCurrentAlarm, protection.ChargeHighCurrentAlarm, protection.InternalCommunicationFailAlarm,
            protection.VendorSystemErrorAlarm,
        ];
        Assert.All(flags, flag => Assert.False(flag));
    }

    [Fact]
    public void Decodes_every_defined_protection_and_alarm_bit_T18()
    {
        Assert.True(ProtectionAndAlarm.TryDecode(Convert.FromHexString("9E099E0901504E"), out var p));

        Assert.True(p.CellOverVoltageProtection);
        Assert.True(p.CellUnderVoltageProtection);
        Assert.True(p.CellOverTemperatureProtection);
        Assert.True(p.CellUnderTemperatureProtection);
        Assert.True(p.DischargeOverCurrentProtection);
        Assert.True(p.ChargeOverCurrentProtection);
        Assert.True(p.SystemErrorProtection);
        Assert.True(p.CellHighVoltageAlarm);
        Assert.True(p.CellLowVoltageAlarm);
        Assert.True(p.CellHighTemperatureAlarm);
        Assert.True(p.CellLowTemperatureAlarm);
        Assert.True(p.DischargeHighCurrentAlarm);
        Assert.True(p.ChargeHighCurrentAlarm);
        Assert.True(p.InternalCommunicationFailAlarm);
        // Byte 1 bit 7 and byte 3 bit 7 are the vendor bits, not set by the spec's example.
        Assert.False(p.VendorSystemErrorProtection);
        Assert.False(p.VendorSystemErrorAlarm);
        Assert.Equal((byte)1, p.ModuleCount);
    }

    [Theory]
    [InlineData("T5 normal", "C000", true, true, false)]
    [InlineData("T17 charge, discharge and force charge I", "E000", true, true, true)]
    [InlineData("T17 force charge I only", "2000", false, false, true)]
    [InlineData("T17 discharge only (full)", "4000", false, true, false)]
    [InlineData("T17 charge only (empty)", "8000", true, false, false)]
    [InlineData("T17 charge and force charge I", "A000", true, false, true)]
    public void Decodes_charge_request_flags_from_byte_0(string vector, string hex, bool charge, bool discharge, bool forceCharge1)
    {
        Assert.True(ChargeRequest.TryDecode(Convert.FromHexString(hex), out var request), vector);

        Assert.Equal(charge, request.ChargeEnable);
        Assert.Equal(discharge, request.DischargeEnable);
        Assert.Equal(forceCharge1, request.RequestForceCharge1);
        Assert.False(request.RequestForceCharge2);
        Assert.False(request.RequestFullCharge);
    }

    [Fact]
    public void Decodes_the_manufacturer_name_without_its_trailing_spaces_T6()
    {
        Assert.True(Manufacturer.TryDecode(Convert.FromHexString("50594C4F4E202020"), out var manufacturer));

        Assert.True(manufacturer.ManufacturerName?.Equals("PYLON"));
        Assert.Equal(5, manufacturer.ManufacturerName!.Value.Length);
        Assert.Equal("PYLON", manufacturer.ManufacturerName.ToString());
    }

    [Fact]
    public void Decodes_battery_type_version_capacity_and_manufacturer_code_T8()
    {
        Assert.True(BatteryInfo.TryDecode(Convert.FromHexString("4C4901033C02AA00"), out var info));

        Assert.True(info.BatteryType?.Equals("LI"));
        Assert.Equal((byte)1, info.BmsVersionMajor);
        Assert.Equal((byte)3, info.BmsVersionMinor);
        Assert.Equal((ushort)572, info.Capacity);
        Assert.Equal((ushort)0x00AA, info.ManufacturerCode);
    }

    [Fact]
    public void Decodes_an_all_zero_alarm_frame_as_not_supported_T9()
    {
        Assert.True(AlarmsAndWarnings.TryDecode(new byte[8], out var alarms));

        Assert.All(AlarmStates(alarms), state => Assert.Equal(AlarmState.NotSupported, state));
    }

    [Fact]
    public void Decodes_the_AA_pattern_as_every_alarm_and_warning_ok_T26()
    {
        Assert.True(AlarmsAndWarnings.TryDecode(Convert.FromHexString("AAAAAA02AAAAAA02"), out var alarms));

        var states = AlarmStates(alarms);
        Assert.Equal(26, states.Length);
        Assert.All(states, state => Assert.Equal(AlarmState.Ok, state));
    }

    [Fact]
    public void Decodes_cell_extremes_in_millivolts_and_kelvin_T21()
    {
        Assert.True(CellExtremes.TryDecode(Convert.FromHexString("CA0CCF0C1B011C01"), out var extremes));

        Assert.Equal(3.274, extremes.MinCellVoltage);
        Assert.Equal(3.279, extremes.MaxCellVoltage);
        Assert.Equal((ushort)283, extremes.MinCellTemperature);
        Assert.Equal((ushort)284, extremes.MaxCellTemperature);
    }

    [Fact]
    public void Decodes_installed_capacity_in_ampere_hours_T22()
    {
        Assert.True(InstalledCapacity.TryDecode(Convert.FromHexString("C800000000000000"), out var capacity));

        // The signal has the message's name, which C# does not allow for a member: the property gets the suffix Value.
        Assert.Equal((ushort)200, capacity.InstalledCapacityValue);
    }

    [Fact]
    public void Decodes_the_name_of_the_cell_with_the_lowest_voltage_without_trailing_zeros_T23()
    {
        Assert.True(MinCellVoltageId.TryDecode(Convert.FromHexString("3032303400000000"), out var id));

        Assert.True(id.MinCellVoltageName?.Equals("0204"));
        Assert.Equal(4, id.MinCellVoltageName!.Value.Length);
    }

    [Fact]
    public void Lists_the_present_signals_with_their_units()
    {
        Assert.True(BatteryMeasurements.TryDecode(Convert.FromHexString("7A13F2FE6B01"), out var measurements));
        Assert.True(StateOfChargeAndHealth.TryDecode(Convert.FromHexString("58005E00"), out var soc));
        Assert.True(Manufacturer.TryDecode(Convert.FromHexString("50594C4F4E202020"), out var manufacturer));

        Assert.Equal("BatteryMeasurements { BatteryVoltage = 49.86 V, BatteryCurrent = -27 A, BatteryTemperature = 36.3 degC }", measurements.ToString());
        Assert.Equal("StateOfChargeAndHealth { StateOfCharge = 88 %, StateOfHealth = 94 % }", soc.ToString());
        Assert.Equal("Manufacturer { ManufacturerName = \"PYLON\" }", manufacturer.ToString());
    }

    private static AlarmState?[] AlarmStates(AlarmsAndWarnings a) =>
    [
        a.GeneralAlarm, a.HighVoltageAlarm, a.LowVoltageAlarm, a.HighTemperatureAlarm, a.LowTemperatureAlarm,
        a.HighTemperatureChargeAlarm, a.LowTemperatureChargeAlarm, a.HighDischargeCurrentAlarm, a.HighChargeCurrentAlarm,
        a.ContactorAlarm, a.ShortCircuitAlarm, a.BmsInternalAlarm, a.CellImbalanceAlarm,
        a.GeneralWarning, a.HighVoltageWarning, a.LowVoltageWarning, a.HighTemperatureWarning, a.LowTemperatureWarning,
        a.HighTemperatureChargeWarning, a.LowTemperatureChargeWarning, a.HighDischargeCurrentWarning, a.HighChargeCurrentWarning,
        a.ContactorWarning, a.ShortCircuitWarning, a.BmsInternalWarning, a.CellImbalanceWarning,
    ];
}

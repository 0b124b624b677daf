namespace Pylontech.Can.Mqtt.Tests;

public sealed class BatteryStateTests
{
    [Fact]
    public void Decodes_the_classic_stack_vectors_of_the_spec()
    {
        var state = Frames.StateOf(Frames.ClassicStack);

        Assert.Equal(53.2, state.Get("BatteryLimits", "ChargeVoltageLimit"));
        Assert.Equal(480.0, state.Get("BatteryLimits", "ChargeCurrentLimit"));
        Assert.Equal(45.0, state.Get("BatteryLimits", "DischargeVoltageLimit"));
        Assert.Equal(88, state.StateOfCharge);
        Assert.Equal(94, state.Get("StateOfChargeAndHealth", "StateOfHealth"));
        Assert.Equal(49.86, state.Voltage);
        Assert.Equal(-27.0, state.Current);
        Assert.Equal(36.3, state.Temperature);
        Assert.Equal(6, state.Get("ProtectionAndAlarm", "ModuleCount"));
        Assert.Equal("PYLON", state.Manufacturer);
        Assert.True(state.ChargeAllowed);
        Assert.True(state.DischargeAllowed);
        Assert.False(state.IsNewFirmware);
    }

    [Fact]
    public void Power_is_voltage_times_current_and_negative_while_discharging()
    {
        var state = Frames.StateOf(Frames.ClassicStack);

        Assert.Equal(49.86 * -27.0, state.Power!.Value, 6);
    }

    [Fact]
    public void New_firmware_reports_type_version_and_capacity_from_0x35F()
    {
        var state = Frames.StateOf(Frames.NewFirmwareStack);

        Assert.True(state.IsNewFirmware);
        Assert.Equal("LI", state.BatteryType);
        Assert.Equal("1.3", state.FirmwareVersion);
        Assert.Equal(572, state.Get("BatteryInfo", "Capacity"));
        Assert.Equal(84, state.StateOfCharge);
    }

    [Theory]
    [InlineData("351#1002C012C012C201", true, true)] // CCL 480 A, DCL 480 A
    [InlineData("351#1002000000000000", false, false)] // both limits 0
    [InlineData("351#10020000C012C201", false, true)] // no charging allowed
    [InlineData("351#1002C01240FFC201", true, true)] // DCL sent negative (-19.2 A) still allows discharging
    public void New_firmware_derives_charge_and_discharge_allowed_from_the_limits(string limits, bool charge, bool discharge)
    {
        var state = Frames.StateOf([limits, "35A#0000000000000000"]);

        Assert.Equal(charge, state.ChargeAllowed);
        Assert.Equal(discharge, state.DischargeAllowed);
    }

    [Fact]
    public void Classic_firmware_takes_charge_allowed_from_0x35C_even_when_the_limit_allows_it()
    {
        var state = Frames.StateOf(["351#1402C012C012C201", "35C#4000"]); // discharge only (battery full)

        Assert.False(state.ChargeAllowed);
        Assert.True(state.DischargeAllowed);
    }

    [Fact]
    public void A_short_manufacturer_frame_still_gives_the_name()
    {
        var state = Frames.StateOf(["35E#5059544553"]); // Pytes sends 5 bytes

        Assert.Equal("PYTES", state.Manufacturer);
    }

    [Fact]
    public void A_signal_missing_from_a_short_frame_stays_absent()
    {
        var state = Frames.StateOf(["351#1402C012C012"]); // 6 bytes: no discharge voltage limit

        Assert.Equal(53.2, state.Get("BatteryLimits", "ChargeVoltageLimit"));
        Assert.Null(state.Get("BatteryLimits", "DischargeVoltageLimit"));
    }

    [Fact]
    public void Stored_energy_uses_the_installed_capacity_the_battery_sends()
    {
        // 0x379 200 Ah × 50.00 V = 10 kWh; SOC 50 % → 5 kWh.
        var state = Frames.StateOf(["379#C800000000000000", "356#881300000000", "355#32006400"]);

        Assert.Equal(10_000, state.CapacityWh!.Value, 6);
        Assert.Equal(5.0, state.StoredEnergyKwh!.Value, 6);
    }

    [Fact]
    public void Stored_energy_falls_back_to_modules_times_module_capacity()
    {
        var state = Frames.StateOf(Frames.ClassicStack, new BatteryStateOptions { ModuleWh = 4800 });

        Assert.Equal(6 * 4800, state.CapacityWh);
        Assert.Equal(0.88 * 6 * 4.8, state.StoredEnergyKwh!.Value, 6);
    }

    [Fact]
    public void A_configured_capacity_is_used_before_the_module_count()
    {
        var state = Frames.StateOf(Frames.ClassicStack, new BatteryStateOptions { CapacityWh = 10_000, ModuleWh = 4800 });

        Assert.Equal(8.8, state.StoredEnergyKwh!.Value, 6);
    }

    [Fact]
    public void Without_any_capacity_the_stored_energy_is_unknown()
    {
        Assert.Null(Frames.StateOf(Frames.ClassicStack).StoredEnergyKwh);
    }

    [Fact]
    public void Reports_new_data_once_and_flag_changes_when_a_protection_bit_toggles()
    {
        var state = new BatteryState();

        var first = state.Apply(Frames.Parse("359#0000000006504E"), TimeSpan.Zero);
        var same = state.Apply(Frames.Parse("359#0000000006504E"), TimeSpan.FromSeconds(1));
        var tripped = state.Apply(Frames.Parse("359#0200000006504E"), TimeSpan.FromSeconds(2)); // byte 0 bit 1: over voltage

        Assert.Equal(FrameEffects.Decoded | FrameEffects.NewData, first);
        Assert.Equal(FrameEffects.Decoded, same);
        Assert.True(tripped.HasFlag(FrameEffects.FlagChanged));
        Assert.Equal(1, state.Get("ProtectionAndAlarm", "CellOverVoltageProtection"));
    }

    [Fact]
    public void Voltage_changes_are_not_flag_changes()
    {
        var state = new BatteryState();
        state.Apply(Frames.Parse("356#7A13F2FE6B01"), TimeSpan.Zero);

        var effects = state.Apply(Frames.Parse("356#7B13F2FE6B01"), TimeSpan.FromSeconds(1));

        Assert.Equal(FrameEffects.Decoded, effects);
    }

    [Fact]
    public void Ignores_frames_the_dbc_does_not_describe()
    {
        var state = new BatteryState();

        Assert.Equal(FrameEffects.None, state.Apply(Frames.Parse("123#00"), TimeSpan.Zero));
        Assert.Equal(0, state.FrameCount);
        Assert.Null(state.LastBatteryFrameAt);
    }

    [Fact]
    public void The_inverter_heartbeat_does_not_count_as_battery_data()
    {
        var state = new BatteryState();
        state.Apply(Frames.Parse("305#0000000000000000"), TimeSpan.FromSeconds(3));

        Assert.True(state.HasSeen(0x305));
        Assert.Equal(TimeSpan.FromSeconds(3), state.LastSeen(0x305));
        Assert.Null(state.LastBatteryFrameAt);
    }
}

public sealed class BatteryStateHotPathTests
{
    [Fact]
    public void Applying_frames_allocates_nothing()
    {
        var frames = Frames.ClassicStack.Concat(Frames.NewFirmwareStack).Select(Frames.Parse).ToArray();
        var state = new BatteryState();
        for (var i = 0; i < 1000; i++)
        {
            state.Apply(frames[i % frames.Length], TimeSpan.FromMilliseconds(i)); // warm up: first sightings, JIT
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            state.Apply(frames[i % frames.Length], TimeSpan.FromMilliseconds(1000 + i));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

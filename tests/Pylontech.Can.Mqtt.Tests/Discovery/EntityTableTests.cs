using System.Text.RegularExpressions;
using Pylontech.Can.Dbc;

namespace Pylontech.Can.Mqtt.Tests;

public sealed partial class EntityTableTests
{
    private static EntityDefinition Entity(string key) => EntityTable.All.Single(e => e.Key == key);

    [Fact]
    public void Keys_are_unique_and_usable_in_topics_and_templates()
    {
        Assert.Equal(EntityTable.All.Count, EntityTable.All.Select(e => e.Key).Distinct().Count());
        Assert.All(EntityTable.All, e => Assert.Matches(KeyPattern(), e.Key));
    }

    [Theory]
    [InlineData("voltage", "voltage", "V", "measurement", 2)]
    [InlineData("current", "current", "A", "measurement", 1)]
    [InlineData("power", "power", "W", "measurement", 0)]
    [InlineData("soc", "battery", "%", "measurement", 0)]
    [InlineData("temperature", "temperature", "°C", "measurement", 1)]
    [InlineData("stored_energy", "energy_storage", "kWh", "measurement", 2)]
    [InlineData("energy_charged", "energy", "kWh", "total_increasing", 3)]
    [InlineData("energy_discharged", "energy", "kWh", "total_increasing", 3)]
    [InlineData("charge_voltage_limit", "voltage", "V", "measurement", 1)]
    [InlineData("discharge_current_limit", "current", "A", "measurement", 1)]
    [InlineData("min_cell_voltage", "voltage", "V", "measurement", 3)]
    [InlineData("max_cell_temperature", "temperature", "°C", "measurement", 2)]
    public void Sensors_use_home_assistant_classes_units_and_precision(string key, string deviceClass, string unit, string stateClass, int precision)
    {
        var entity = Entity(key);

        Assert.Equal(EntityPlatform.Sensor, entity.Platform);
        Assert.Equal(deviceClass, entity.DeviceClass);
        Assert.Equal(unit, entity.Unit);
        Assert.Equal(stateClass, entity.StateClass);
        Assert.Equal(precision, entity.Precision);
    }

    [Fact]
    public void Units_come_from_the_dbc_with_degC_spelt_the_home_assistant_way()
    {
        var dbcUnit = DbcFile.Pylontech.Messages.Single(m => m.Name == "BatteryMeasurements").Signals.Single(s => s.Name == "BatteryTemperature").Unit;

        Assert.Equal("degC", dbcUnit);
        Assert.Equal("°C", EntityTable.HomeAssistantUnit(dbcUnit));
        Assert.Equal("BatteryMeasurements.BatteryTemperature", Entity("temperature").Source);
    }

    [Fact]
    public void Cell_temperatures_sent_in_kelvin_are_published_in_celsius()
    {
        var state = Frames.StateOf(["373#CA0CCF0C1B011C01"]); // 283 K and 284 K (vector T21)
        var context = new EntityReadContext(TimeSpan.Zero, null, TimeSpan.FromSeconds(30));

        Assert.Equal(9.85, Entity("min_cell_temperature").ValueIn(state, context));
        Assert.Equal(10.85, Entity("max_cell_temperature").ValueIn(state, context));
        Assert.Equal(3.274, Entity("min_cell_voltage").ValueIn(state, context));
    }

    [Fact]
    public void Every_protection_and_alarm_bit_of_0x359_is_a_diagnostic_problem_sensor()
    {
        var flags = DbcFile.Pylontech.Messages.Single(m => m.Name == "ProtectionAndAlarm").Signals.Where(s => s.IsFlag).ToList();
        var problems = EntityTable.All.Where(e => e.Source.StartsWith("ProtectionAndAlarm.", StringComparison.Ordinal) && e.Platform == EntityPlatform.BinarySensor).ToList();

        Assert.Equal(16, flags.Count);
        Assert.Equal(flags.Count, problems.Count);
        Assert.All(problems, p =>
        {
            Assert.Equal("problem", p.DeviceClass);
            Assert.True(p.IsDiagnostic);
            Assert.True(p.IsProblem);
            Assert.True(p.IsUrgent);
        });
        Assert.Equal("Cell over voltage protection", Entity("cell_over_voltage_protection").Name);
    }

    [Fact]
    public void Every_condition_of_0x35A_is_a_problem_sensor_named_in_words()
    {
        var problems = EntityTable.All.Where(e => e.Source.StartsWith("AlarmsAndWarnings.", StringComparison.Ordinal)).ToList();

        Assert.Equal(26, problems.Count);
        Assert.All(problems, p => Assert.Equal("problem", p.DeviceClass));
        Assert.Equal("BMS internal alarm", Entity("bms_internal_alarm").Name);
    }

    [Fact]
    public void Limits_counts_and_flags_are_diagnostic_and_main_values_are_not()
    {
        Assert.All(["charge_voltage_limit", "discharge_current_limit", "module_count", "modules_online", "soh", "charge_enable", "request_full_charge", "frame_rate", "inverter_link"],
            key => Assert.True(Entity(key).IsDiagnostic, key));
        Assert.All(["voltage", "current", "power", "soc", "temperature", "energy_charged", "problem"],
            key => Assert.False(Entity(key).IsDiagnostic, key));
    }

    [Fact]
    public void Energy_counters_never_expire_and_live_values_do()
    {
        Assert.False(Entity("energy_charged").Expires);
        Assert.False(Entity("energy_discharged").Expires);
        Assert.True(Entity("voltage").Expires);
    }

    [Fact]
    public void Flags_enables_and_requests_are_urgent_and_measurements_are_not()
    {
        Assert.All(["problem", "charge_enable", "discharge_enable", "request_force_charge_1", "cell_under_voltage_protection"], key => Assert.True(Entity(key).IsUrgent, key));
        Assert.All(["voltage", "power", "soc", "energy_charged"], key => Assert.False(Entity(key).IsUrgent, key));
    }

    [Fact]
    public void Only_the_state_of_charge_has_no_name()
    {
        Assert.Equal(["soc"], EntityTable.All.Where(e => e.Name is null).Select(e => e.Key));
    }

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex KeyPattern();
}

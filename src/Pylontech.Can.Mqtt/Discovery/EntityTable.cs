using System.Text;

namespace Pylontech.Can.Mqtt;

/// <summary>
/// The one table of what the bridge exposes to Home Assistant. Facts of the protocol (which frame, which bits, units)
/// come from the DBC; this table adds only Home Assistant's view: platform, name, device and state class, precision,
/// icon, category. Protection and alarm flags are listed from the DBC messages themselves, so a flag added to the DBC
/// appears here without another edit.
/// </summary>
public static class EntityTable
{
    private const double KelvinOffset = 273.15;

    /// <summary>Every entity, in the order they appear in the discovery message and the state message.</summary>
    public static IReadOnlyList<EntityDefinition> All { get; } = Build(FrameDecoder.Pylontech);

    /// <summary>Home Assistant's spelling of a DBC unit: <c>degC</c> becomes <c>°C</c>; an empty unit becomes null.</summary>
    /// <param name="dbcUnit">The unit as written in the DBC.</param>
    /// <returns>The unit for Home Assistant.</returns>
    public static string? HomeAssistantUnit(string dbcUnit) => dbcUnit switch
    {
        "" => null,
        "degC" or "°C" => "°C",
        "degF" => "°F",
        _ => dbcUnit,
    };

    private static List<EntityDefinition> Build(FrameDecoder dbc)
    {
        var table = new List<EntityDefinition>
        {
            Signal(dbc, "soc", "StateOfChargeAndHealth", "StateOfCharge", null) with { DeviceClass = "battery", Precision = 0 },
            Signal(dbc, "voltage", "BatteryMeasurements", "BatteryVoltage", "Voltage") with { DeviceClass = "voltage", Precision = 2 },
            Signal(dbc, "current", "BatteryMeasurements", "BatteryCurrent", "Current") with { DeviceClass = "current", Precision = 1 },
            Derived("power", "BatteryMeasurements: BatteryVoltage × BatteryCurrent", "Power", s => s.Voltage is not null && s.Current is not null, (s, _) => s.Power)
                with { DeviceClass = "power", StateClass = "measurement", Unit = "W", Precision = 0 },
            Signal(dbc, "temperature", "BatteryMeasurements", "BatteryTemperature", "Temperature") with { DeviceClass = "temperature", Precision = 1 },
            Signal(dbc, "soh", "StateOfChargeAndHealth", "StateOfHealth", "State of health") with { Precision = 0, Icon = "mdi:battery-heart-variant", IsDiagnostic = true },
            Derived("stored_energy", "StateOfCharge × capacity (InstalledCapacity or BatteryInfo.Capacity × BatteryVoltage, else configured)", "Stored energy", s => s.StoredEnergyKwh is not null, (s, _) => s.StoredEnergyKwh)
                with { DeviceClass = "energy_storage", StateClass = "measurement", Unit = "kWh", Precision = 2 },
            Derived("energy_charged", "BatteryVoltage × BatteryCurrent > 0, integrated", "Energy charged", HasMeasurements, (s, _) => s.Energy.ChargedKwh)
                with { DeviceClass = "energy", StateClass = "total_increasing", Unit = "kWh", Precision = 3, Expires = false },
            Derived("energy_discharged", "BatteryVoltage × BatteryCurrent < 0, integrated", "Energy discharged", HasMeasurements, (s, _) => s.Energy.DischargedKwh)
                with { DeviceClass = "energy", StateClass = "total_increasing", Unit = "kWh", Precision = 3, Expires = false },
            Signal(dbc, "charge_voltage_limit", "BatteryLimits", "ChargeVoltageLimit", "Charge voltage limit") with { DeviceClass = "voltage", Precision = 1, IsDiagnostic = true },
            Signal(dbc, "discharge_voltage_limit", "BatteryLimits", "DischargeVoltageLimit", "Discharge voltage limit") with { DeviceClass = "voltage", Precision = 1, IsDiagnostic = true },
            Signal(dbc, "charge_current_limit", "BatteryLimits", "ChargeCurrentLimit", "Charge current limit") with { DeviceClass = "current", Precision = 1, IsDiagnostic = true },
            Signal(dbc, "discharge_current_limit", "BatteryLimits", "DischargeCurrentLimit", "Discharge current limit", (s, _) => s.DischargeCurrentLimit)
                with { DeviceClass = "current", Precision = 1, IsDiagnostic = true },
            Signal(dbc, "module_count", "ProtectionAndAlarm", "ModuleCount", "Modules") with { Precision = 0, Icon = "mdi:counter", IsDiagnostic = true },
            Signal(dbc, "capacity", "BatteryInfo", "Capacity", "Capacity") with { Precision = 0, Icon = "mdi:battery-high", IsDiagnostic = true },
            Signal(dbc, "installed_capacity", "CapacityInfo", "InstalledCapacity", "Installed capacity") with { Precision = 0, Icon = "mdi:battery-high", IsDiagnostic = true },
            Signal(dbc, "modules_online", "ModuleStatus", "ModulesOnline", "Modules online") with { Precision = 0, Icon = "mdi:counter", IsDiagnostic = true },
            Signal(dbc, "modules_blocking_charge", "ModuleStatus", "ModulesBlockingCharge", "Modules blocking charge") with { Precision = 0, Icon = "mdi:counter", IsDiagnostic = true },
            Signal(dbc, "modules_blocking_discharge", "ModuleStatus", "ModulesBlockingDischarge", "Modules blocking discharge") with { Precision = 0, Icon = "mdi:counter", IsDiagnostic = true },
            Signal(dbc, "modules_offline", "ModuleStatus", "ModulesOffline", "Modules offline") with { Precision = 0, Icon = "mdi:counter", IsDiagnostic = true },
            Signal(dbc, "min_cell_voltage", "CellExtremes", "MinCellVoltage", "Lowest cell voltage") with { DeviceClass = "voltage", Precision = 3, IsDiagnostic = true },
            Signal(dbc, "max_cell_voltage", "CellExtremes", "MaxCellVoltage", "Highest cell voltage") with { DeviceClass = "voltage", Precision = 3, IsDiagnostic = true },
            Kelvin(dbc, "min_cell_temperature", "CellExtremes", "MinCellTemperature", "Lowest cell temperature"),
            Kelvin(dbc, "max_cell_temperature", "CellExtremes", "MaxCellTemperature", "Highest cell temperature"),
            Allowed("charge_enable", "ChargeRequest.ChargeEnable, else BatteryLimits.ChargeCurrentLimit > 0", "Charge enable", "mdi:battery-arrow-up", dbc, s => s.ChargeAllowed),
            Allowed("discharge_enable", "ChargeRequest.DischargeEnable, else BatteryLimits.DischargeCurrentLimit ≠ 0", "Discharge enable", "mdi:battery-arrow-down", dbc, s => s.DischargeAllowed),
            Flag(dbc, "request_force_charge_1", "ChargeRequest", "RequestForceCharge1", "Force charge request I") with { Icon = "mdi:battery-alert-variant-outline", IsDiagnostic = true, IsUrgent = true },
            Flag(dbc, "request_force_charge_2", "ChargeRequest", "RequestForceCharge2", "Force charge request II") with { Icon = "mdi:battery-alert-variant-outline", IsDiagnostic = true, IsUrgent = true },
            Flag(dbc, "request_full_charge", "ChargeRequest", "RequestFullCharge", "Full charge request") with { Icon = "mdi:battery-sync", IsDiagnostic = true, IsUrgent = true },
        };

        var problems = new List<EntityDefinition>();
        foreach (var info in dbc.Signals.Where(s => s.Message.Name == "ProtectionAndAlarm" && s.IsFlag))
        {
            problems.Add(Flag(dbc, SnakeCase(info.Signal.Name), info.Message.Name, info.Signal.Name, Words(info.Signal.Name)) with
            {
                DeviceClass = "problem", IsDiagnostic = true, IsProblem = true, IsUrgent = true,
            });
        }

        foreach (var info in dbc.Signals.Where(s => s.Message.Name == "AlarmsAndWarnings" && s.IsStateField))
        {
            var slot = info.Slot;
            problems.Add(new EntityDefinition(
                SnakeCase(info.Signal.Name),
                $"{info.Message.Name}.{info.Signal.Name} = Active",
                EntityPlatform.BinarySensor,
                Words(info.Signal.Name),
                s => s.EverNonZero(slot), // 0 = "not supported": announce only conditions the battery reports
                (s, _) => s.Value(slot) switch { 1 => 1, 0 or 2 => 0, _ => null })
            {
                DeviceClass = "problem", IsDiagnostic = true, IsProblem = true, IsUrgent = true,
            });
        }

        var summary = problems.ToArray();
        table.Add(Derived("problem", "any protection, alarm or warning flag on", "Problem", s => summary.Any(p => p.IsPresent(s)), (s, c) => AnyOn(summary, s, c))
            with { Platform = EntityPlatform.BinarySensor, DeviceClass = "problem", IsUrgent = true });
        table.AddRange(problems);

        var heartbeat = dbc.MessageNamed("InverterHeartbeat");
        var heartbeatIndex = new MessageIndex(heartbeat.Index);
        table.Add(Derived("inverter_link", "InverterHeartbeat seen within the stale-after time", "Inverter link", s => s.HasSeen(heartbeatIndex),
                (s, c) => s.LastSeen(heartbeatIndex) is { } seen ? (c.Now - seen <= c.StaleAfter ? 1 : 0) : null)
            with { Platform = EntityPlatform.BinarySensor, DeviceClass = "connectivity", IsDiagnostic = true, IsUrgent = true });
        table.Add(Derived("inverter_heartbeat_age", "time since the last InverterHeartbeat", "Inverter heartbeat age", s => s.HasSeen(heartbeatIndex),
                (s, c) => s.LastSeen(heartbeatIndex) is { } seen ? (c.Now - seen).TotalSeconds : null)
            with { DeviceClass = "duration", StateClass = "measurement", Unit = "s", Precision = 0, IsDiagnostic = true, DefaultDeadband = 2 });
        table.Add(Derived("frame_rate", "frames decoded per second", "Frame rate", s => s.FrameCount > 0, (_, c) => c.FramesPerSecond)
            with { StateClass = "measurement", Unit = "frames/s", Precision = 1, Icon = "mdi:speedometer", IsDiagnostic = true, DefaultDeadband = 1 });
        return table;
    }

    private static bool HasMeasurements(BatteryState state) => state.Voltage is not null && state.Current is not null;

    private static double? AnyOn(EntityDefinition[] flags, BatteryState state, EntityReadContext context)
    {
        double? result = null;
        foreach (var flag in flags)
        {
            switch (flag.Read(state, context))
            {
                case > 0:
                    return 1;
                case 0:
                    result = 0;
                    break;
            }
        }

        return result;
    }

    private static EntityDefinition Signal(FrameDecoder dbc, string key, string message, string signal, string? name, Func<BatteryState, EntityReadContext, double?>? read = null)
    {
        var slot = dbc.SlotOf(message, signal);
        var info = dbc.Signals[slot];
        return new EntityDefinition(key, $"{message}.{signal}", EntityPlatform.Sensor, name, s => s.HasValue(slot), read ?? ((s, _) => s.Value(slot)))
        {
            StateClass = "measurement",
            Unit = HomeAssistantUnit(info.Signal.Unit),
        };
    }

    private static EntityDefinition Kelvin(FrameDecoder dbc, string key, string message, string signal, string name)
    {
        var slot = dbc.SlotOf(message, signal);
        var unit = dbc.Signals[slot].Signal.Unit;
        if (unit != "K")
        {
            throw new InvalidOperationException($"pylontech.dbc: {message}.{signal} is in '{unit}', expected kelvin");
        }

        return new EntityDefinition(key, $"{message}.{signal} − 273.15", EntityPlatform.Sensor, name, s => s.HasValue(slot), (s, _) => s.Value(slot) - KelvinOffset)
        {
            DeviceClass = "temperature", StateClass = "measurement", Unit = "°C", Precision = 2, IsDiagnostic = true,
        };
    }

    private static EntityDefinition Flag(FrameDecoder dbc, string key, string message, string signal, string name)
    {
        var slot = dbc.SlotOf(message, signal);
        return new EntityDefinition(key, $"{message}.{signal}", EntityPlatform.BinarySensor, name, s => s.HasValue(slot), (s, _) => s.Flag(slot) is { } on ? (on ? 1 : 0) : null);
    }

    private static EntityDefinition Allowed(string key, string source, string name, string icon, FrameDecoder dbc, Func<BatteryState, bool?> read)
    {
        var request = new MessageIndex(dbc.MessageNamed("ChargeRequest").Index);
        var ccl = dbc.SlotOf("BatteryLimits", "ChargeCurrentLimit");
        return new EntityDefinition(key, source, EntityPlatform.BinarySensor, name, s => s.HasSeen(request) || s.HasValue(ccl), (s, _) => read(s) is { } on ? (on ? 1 : 0) : null)
        {
            Icon = icon, IsDiagnostic = true, IsUrgent = true,
        };
    }

    private static EntityDefinition Derived(string key, string source, string name, Func<BatteryState, bool> isPresent, Func<BatteryState, EntityReadContext, double?> read) =>
        new(key, source, EntityPlatform.Sensor, name, isPresent, read);

    /// <summary><c>CellOverVoltageProtection</c> → <c>cell_over_voltage_protection</c>.</summary>
    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && (char.IsUpper(c) || (char.IsDigit(c) && !char.IsDigit(name[i - 1]))))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary><c>BmsInternalAlarm</c> → <c>BMS internal alarm</c>.</summary>
    internal static string Words(string name)
    {
        var words = SnakeCase(name).Split('_');
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = words[i] switch
            {
                "bms" => "BMS",
                _ when i == 0 => char.ToUpperInvariant(words[i][0]) + words[i][1..],
                _ => words[i],
            };
        }

        return string.Join(' ', words);
    }
}

namespace Pylontech.Can.Mqtt;

/// <summary>How a <see cref="BatteryState"/> derives energy values.</summary>
public sealed class BatteryStateOptions
{
    /// <summary>
    /// The usable capacity of the stack in watt-hours, used for the stored energy when the battery sends no capacity
    /// (0x379 InstalledCapacity or 0x35F Capacity). Null: not known.
    /// </summary>
    public double? CapacityWh { get; set; }

    /// <summary>
    /// The capacity of one module in watt-hours (e.g. 4800 for a US5000, 2400 for a US2000C), multiplied by the module
    /// count (0x359 ModuleCount or 0x372 ModulesOnline) when neither the battery nor <see cref="CapacityWh"/> gives a capacity.
    /// </summary>
    public double? ModuleWh { get; set; }

    /// <summary>
    /// The longest time between two measurement frames (0x356) that the energy counters still integrate over; a longer
    /// gap (the bridge stopped, the bus was silent) is skipped rather than guessed. Default 5 s.
    /// </summary>
    public TimeSpan EnergyMaxGap { get; set; } = TimeSpan.FromSeconds(5);
}

namespace Pylontech.Can.Mqtt;

/// <summary>The Home Assistant platform of an entity.</summary>
public enum EntityPlatform
{
    /// <summary>A numeric <c>sensor</c>.</summary>
    Sensor,

    /// <summary>An on/off <c>binary_sensor</c>; its state is published as 1 or 0.</summary>
    BinarySensor,
}

/// <summary>What the value functions of an <see cref="EntityDefinition"/> may read besides the battery state.</summary>
/// <param name="Now">The current time on the state's monotonic clock.</param>
/// <param name="FramesPerSecond">Frames decoded per second, measured by the bridge.</param>
/// <param name="StaleAfter">How long without a frame before data counts as stale.</param>
public readonly record struct EntityReadContext(TimeSpan Now, double? FramesPerSecond, TimeSpan StaleAfter);

/// <summary>
/// One value exposed to Home Assistant: where it comes from (a DBC message and signal, or derived) and how Home
/// Assistant should show it. One row of <see cref="EntityTable"/>.
/// </summary>
public sealed record EntityDefinition
{
    internal EntityDefinition(
        string key,
        string source,
        EntityPlatform platform,
        string? name,
        Func<BatteryState, bool> isPresent,
        Func<BatteryState, EntityReadContext, double?> read)
    {
        Key = key;
        Source = source;
        Platform = platform;
        Name = name;
        IsPresent = isPresent;
        Read = read;
    }

    /// <summary>The stable key: JSON field of the state message, component id and suffix of the unique id.</summary>
    public string Key { get; }

    /// <summary>Where the value comes from: <c>Message.Signal</c> as in the DBC, or a description of how it is derived.</summary>
    public string Source { get; }

    /// <summary>The Home Assistant platform.</summary>
    public EntityPlatform Platform { get; init; }

    /// <summary>The entity name Home Assistant appends to the device name; null for the device's main value (state of charge).</summary>
    public string? Name { get; }

    /// <summary>The Home Assistant device class, e.g. <c>voltage</c> or <c>problem</c>; null for none.</summary>
    public string? DeviceClass { get; init; }

    /// <summary>The state class of a sensor: <c>measurement</c>, <c>total_increasing</c>; null for binary sensors.</summary>
    public string? StateClass { get; init; }

    /// <summary>The unit of measurement, spelt as Home Assistant wants it (<c>°C</c>, not the DBC's <c>degC</c>).</summary>
    public string? Unit { get; init; }

    /// <summary>The number of decimals published and suggested for display.</summary>
    public int? Precision { get; init; }

    /// <summary>A Material Design icon, e.g. <c>mdi:battery-heart-variant</c>, or null for the device class's own.</summary>
    public string? Icon { get; init; }

    /// <summary>Whether the entity belongs in the diagnostic section (limits, counts, flags).</summary>
    public bool IsDiagnostic { get; init; }

    /// <summary>Whether Home Assistant should mark the value unavailable when no state message refreshes it in time.</summary>
    public bool Expires { get; init; } = true;

    /// <summary>Whether the value counts towards the "Problem" summary (protection, alarm and warning flags).</summary>
    public bool IsProblem { get; init; }

    /// <summary>Whether a change of the value is published at once rather than at the next interval (flags, enables, requests).</summary>
    public bool IsUrgent { get; init; }

    /// <summary>The smallest change of the value that is worth a state message before the republish interval; 0: any change of the rounded value.</summary>
    public double DefaultDeadband { get; init; }

    internal Func<BatteryState, bool> IsPresent { get; }

    internal Func<BatteryState, EntityReadContext, double?> Read { get; }

    /// <summary>Whether the battery has sent what this entity needs.</summary>
    /// <param name="state">The state.</param>
    public bool IsAvailableIn(BatteryState state) => IsPresent(state);

    /// <summary>The entity's value now, rounded to <see cref="Precision"/>; 1 or 0 for a binary sensor; null when unknown.</summary>
    /// <param name="state">The state.</param>
    /// <param name="context">The time and bridge measurements.</param>
    public double? ValueIn(BatteryState state, EntityReadContext context)
    {
        var value = Read(state, context);
        if (value is not { } v || !double.IsFinite(v))
        {
            return null;
        }

        return Precision is { } digits ? Math.Round(v, digits, MidpointRounding.AwayFromZero) : v;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key} ({Platform}, {Source})";
}

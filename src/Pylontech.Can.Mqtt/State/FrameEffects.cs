namespace Pylontech.Can.Mqtt;

/// <summary>What applying one frame to a <see cref="BatteryState"/> changed.</summary>
[Flags]
public enum FrameEffects
{
    /// <summary>The frame is not one the DBC describes; nothing changed.</summary>
    None = 0,

    /// <summary>The frame was decoded into the state.</summary>
    Decoded = 1,

    /// <summary>
    /// Something was seen for the first time: a frame kind, a signal of a longer frame, or a condition that was
    /// "not supported" so far. The set of entities worth announcing may have grown.
    /// </summary>
    NewData = 2,

    /// <summary>A protection, alarm, request or enable flag, or a 2-bit alarm condition, changed its value.</summary>
    FlagChanged = 4,
}

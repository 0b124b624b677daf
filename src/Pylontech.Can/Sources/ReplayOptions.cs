namespace Pylontech.Can.Sources;

/// <summary>How a <see cref="PacedCanFrameSource"/> replays a recording.</summary>
public sealed class ReplayOptions
{
    /// <summary>
    /// How fast to replay relative to the recording: <see cref="double.PositiveInfinity"/> (the default) as fast as possible,
    /// 1 in real time, 2 twice as fast, 0.5 at half speed.
    /// </summary>
    public double Speed { get; init; } = double.PositiveInfinity;

    /// <summary>Start again at the end; timestamps are shifted so they keep increasing (the next pass starts one average frame interval after the last frame).</summary>
    public bool Loop { get; init; }

    /// <summary>The clock to pace against; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

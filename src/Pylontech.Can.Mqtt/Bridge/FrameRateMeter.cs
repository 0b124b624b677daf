namespace Pylontech.Can.Mqtt;

/// <summary>Frames per second over windows of at least <see cref="Window"/>.</summary>
public sealed class FrameRateMeter
{
    private TimeSpan? _start;
    private long _startCount;

    /// <summary>Creates the meter.</summary>
    /// <param name="window">The shortest window a rate is measured over; default 1 s.</param>
    public FrameRateMeter(TimeSpan? window = null) => Window = window ?? TimeSpan.FromSeconds(1);

    /// <summary>The shortest window a rate is measured over.</summary>
    public TimeSpan Window { get; }

    /// <summary>The rate of the last complete window, or null before the first.</summary>
    public double? FramesPerSecond { get; private set; }

    /// <summary>Samples the frame counter; closes a window when it is long enough.</summary>
    /// <param name="now">The time.</param>
    /// <param name="frameCount">The number of frames so far.</param>
    /// <returns><see cref="FramesPerSecond"/>.</returns>
    public double? Sample(TimeSpan now, long frameCount)
    {
        if (_start is not { } start)
        {
            _start = now;
            _startCount = frameCount;
            return FramesPerSecond;
        }

        var elapsed = now - start;
        if (elapsed >= Window)
        {
            FramesPerSecond = (frameCount - _startCount) / elapsed.TotalSeconds;
            _start = now;
            _startCount = frameCount;
        }

        return FramesPerSecond;
    }
}

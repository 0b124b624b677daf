namespace Pylontech.Can.Mqtt;

/// <summary>
/// Whether the battery data is fresh: it goes stale when no frame from the battery arrived for the stale-after time,
/// and fresh again with the next frame. Reports each change once.
/// </summary>
public sealed class DataFreshness
{
    private bool? _reported;

    /// <summary>Creates the tracker.</summary>
    /// <param name="staleAfter">How long without a frame before the data counts as stale.</param>
    public DataFreshness(TimeSpan staleAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(staleAfter, TimeSpan.Zero);
        StaleAfter = staleAfter;
    }

    /// <summary>How long without a frame before the data counts as stale.</summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>Whether data that last arrived at <paramref name="lastFrameAt"/> is fresh at <paramref name="now"/>.</summary>
    /// <param name="now">The time.</param>
    /// <param name="lastFrameAt">When the last frame arrived; null if none did.</param>
    /// <returns>True when fresh.</returns>
    public bool IsFresh(TimeSpan now, TimeSpan? lastFrameAt) => lastFrameAt is { } last && now - last < StaleAfter;

    /// <summary>The freshness to report, when it differs from what was last reported.</summary>
    /// <param name="now">The time.</param>
    /// <param name="lastFrameAt">When the last frame arrived.</param>
    /// <returns>True (available) or false (unavailable) on a change; null when nothing changed.</returns>
    public bool? Update(TimeSpan now, TimeSpan? lastFrameAt)
    {
        var fresh = IsFresh(now, lastFrameAt);
        if (_reported == fresh)
        {
            return null;
        }

        _reported = fresh;
        return fresh;
    }

    /// <summary>Forgets what was reported, so that the next <see cref="Update"/> reports (after a reconnect).</summary>
    public void Reset() => _reported = null;
}

namespace Pylontech.Can.Mqtt;

/// <summary>Why a state message is due.</summary>
public enum PublishReason
{
    /// <summary>Nothing to publish now.</summary>
    None,

    /// <summary>Nothing has been published since start or reconnect.</summary>
    First,

    /// <summary>A flag, enable or request changed: published at once.</summary>
    Urgent,

    /// <summary>A value moved by at least its deadband and the interval has passed.</summary>
    Changed,

    /// <summary>Nothing moved, but the last state message is older than the republish time.</summary>
    Refresh,
}

/// <summary>
/// Rate control for the state message: at most one per interval, at once when an urgent value (a flag) changes,
/// skipped while no value moved by its deadband, and refreshed after a while even when nothing moved.
/// </summary>
/// <remarks>Pure: it is told the time and the values, and remembers what it was told was published.</remarks>
public sealed class StatePublishPolicy
{
    private readonly bool[] _urgent;
    private readonly double[] _deadbands;
    private readonly double?[] _published;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _republishAfter;
    private TimeSpan? _publishedAt;

    /// <summary>Creates the policy.</summary>
    /// <param name="entities">The entities, in the order of the value spans passed later.</param>
    /// <param name="interval">The shortest time between two regular state messages.</param>
    /// <param name="republishAfter">The longest time between two state messages.</param>
    /// <param name="deadbands">Deadbands by entity key, overriding <see cref="EntityDefinition.DefaultDeadband"/>.</param>
    public StatePublishPolicy(IReadOnlyList<EntityDefinition> entities, TimeSpan interval, TimeSpan republishAfter, IReadOnlyDictionary<string, double>? deadbands = null)
    {
        ArgumentNullException.ThrowIfNull(entities);
        _urgent = entities.Select(e => e.IsUrgent).ToArray();
        _deadbands = entities.Select(e => deadbands is not null && deadbands.TryGetValue(e.Key, out var d) ? d : e.DefaultDeadband).ToArray();
        _published = new double?[entities.Count];
        _interval = interval;
        _republishAfter = republishAfter;
    }

    /// <summary>Whether, and why, the state should be published now.</summary>
    /// <param name="now">The time.</param>
    /// <param name="values">The current values, in entity order.</param>
    /// <returns>The reason, or <see cref="PublishReason.None"/>.</returns>
    public PublishReason Decide(TimeSpan now, ReadOnlySpan<double?> values)
    {
        if (_publishedAt is not { } last)
        {
            return PublishReason.First;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (_urgent[i] && values[i] != _published[i])
            {
                return PublishReason.Urgent;
            }
        }

        var age = now - last;
        if (age < _interval)
        {
            return PublishReason.None;
        }

        if (age >= _republishAfter)
        {
            return PublishReason.Refresh;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (Moved(values[i], _published[i], _deadbands[i]))
            {
                return PublishReason.Changed;
            }
        }

        return PublishReason.None;
    }

    /// <summary>Records that the values were published.</summary>
    /// <param name="now">The time.</param>
    /// <param name="values">The values published, in entity order.</param>
    public void Published(TimeSpan now, ReadOnlySpan<double?> values)
    {
        values.CopyTo(_published);
        _publishedAt = now;
    }

    /// <summary>Forgets what was published, so that the next <see cref="Decide"/> says <see cref="PublishReason.First"/> (after a reconnect).</summary>
    public void Reset() => _publishedAt = null;

    private static bool Moved(double? now, double? then, double deadband) => (now, then) switch
    {
        (null, null) => false,
        ({ } a, { } b) => deadband > 0 ? Math.Abs(a - b) >= deadband : a != b,
        _ => true,
    };
}

namespace Pylontech.Can.Mqtt;

/// <summary>
/// Charged and discharged energy, integrated from power samples with the trapezoid rule. Both counters only grow,
/// as Home Assistant's <c>total_increasing</c> energy sensors require.
/// </summary>
/// <remarks>
/// A gap between two samples longer than <see cref="MaxGap"/> is not integrated: the energy that flowed while nothing
/// was measured is unknown, and guessing it would book a day of standby as a day of full load. An interval whose power
/// changes sign is split at the zero crossing so that each side goes to its own counter.
/// </remarks>
public sealed class EnergyCounter
{
    private TimeSpan? _lastTime;
    private double _lastWatts;
    private double _chargedWh;
    private double _dischargedWh;

    /// <summary>Creates counters.</summary>
    /// <param name="maxGap">The longest gap between two samples that is still integrated.</param>
    /// <param name="chargedKwh">The charged energy to continue from, kWh.</param>
    /// <param name="dischargedKwh">The discharged energy to continue from, kWh.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite starting value, or a gap that is not positive.</exception>
    public EnergyCounter(TimeSpan maxGap, double chargedKwh = 0, double dischargedKwh = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxGap, TimeSpan.Zero);
        if (!double.IsFinite(chargedKwh) || chargedKwh < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chargedKwh), chargedKwh, "energy counters start at a finite value ≥ 0");
        }

        if (!double.IsFinite(dischargedKwh) || dischargedKwh < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dischargedKwh), dischargedKwh, "energy counters start at a finite value ≥ 0");
        }

        MaxGap = maxGap;
        _chargedWh = chargedKwh * 1000;
        _dischargedWh = dischargedKwh * 1000;
    }

    /// <summary>The longest gap between two samples that is still integrated.</summary>
    public TimeSpan MaxGap { get; }

    /// <summary>Energy that went into the battery, kWh.</summary>
    public double ChargedKwh => _chargedWh / 1000;

    /// <summary>Energy that came out of the battery, kWh.</summary>
    public double DischargedKwh => _dischargedWh / 1000;

    /// <summary>Adds a power sample.</summary>
    /// <param name="timestamp">When it was measured, on a monotonic clock.</param>
    /// <param name="watts">Power, W; positive while charging, negative while discharging.</param>
    public void AddSample(TimeSpan timestamp, double watts)
    {
        if (!double.IsFinite(watts))
        {
            return;
        }

        if (_lastTime is { } last)
        {
            var dt = timestamp - last;
            if (dt <= TimeSpan.Zero)
            {
                // Same instant or a clock step backwards: keep the newest power, integrate nothing.
                _lastWatts = watts;
                if (dt < TimeSpan.Zero)
                {
                    _lastTime = timestamp;
                }

                return;
            }

            if (dt <= MaxGap)
            {
                Integrate(_lastWatts, watts, dt.TotalHours);
            }
        }

        _lastTime = timestamp;
        _lastWatts = watts;
    }

    /// <summary>Forgets the last sample, so that the next one starts a new run (e.g. after the frame source restarted).</summary>
    public void Break() => _lastTime = null;

    private void Integrate(double p0, double p1, double hours)
    {
        if ((p0 >= 0 && p1 >= 0) || (p0 <= 0 && p1 <= 0))
        {
            var wh = (p0 + p1) / 2 * hours;
            if (wh > 0)
            {
                _chargedWh += wh;
            }
            else
            {
                _dischargedWh -= wh;
            }

            return;
        }

        // The power crosses zero inside the interval: split it there.
        var first = hours * Math.Abs(p0) / (Math.Abs(p0) + Math.Abs(p1));
        var second = hours - first;
        Book(p0 / 2 * first);
        Book(p1 / 2 * second);
    }

    private void Book(double wh)
    {
        if (wh > 0)
        {
            _chargedWh += wh;
        }
        else
        {
            _dischargedWh -= wh;
        }
    }
}

// Shared source (Pylontech.Can and the source generator): exact decimal scaling of raw signal values.
using System;
using System.Globalization;

namespace Pylontech.Can.Dbc;

/// <summary>
/// A signal's scaling, rewritten so that physical values come out as the nearest double to the exact decimal result.
/// </summary>
/// <remarks>
/// <c>raw × 0.1</c> in binary floating point gives 53.2000000001 for raw 532: 0.1 has no exact double.
/// The factor and offset as written in the DBC are decimal, so we write them as <c>Multiplier / Divisor</c> and
/// <c>Addend / Divisor</c> with integer <c>Multiplier</c>, <c>Addend</c> and a power-of-ten <c>Divisor</c>, and compute
/// <c>(raw × Multiplier + Addend) / Divisor</c>. While the numerator stays below 2^53 every step is exact except the
/// final division, which IEEE 754 rounds correctly: the result is the double nearest to the exact decimal value.
/// When the factor or offset cannot be written that way (too many digits), <see cref="IsExact"/> is false and the
/// plain <c>raw × factor + offset</c> is used.
/// </remarks>
internal readonly struct DbcScale
{
    private DbcScale(double multiplier, double addend, double divisor, bool isExact, double factor, double offset)
    {
        Multiplier = multiplier;
        Addend = addend;
        Divisor = divisor;
        IsExact = isExact;
        Factor = factor;
        Offset = offset;
    }

    /// <summary>The factor times <see cref="Divisor"/>: an integer when <see cref="IsExact"/>.</summary>
    public double Multiplier { get; }

    /// <summary>The offset times <see cref="Divisor"/>: an integer when <see cref="IsExact"/>.</summary>
    public double Addend { get; }

    /// <summary>A power of ten (1 when factor and offset are integers).</summary>
    public double Divisor { get; }

    /// <summary>Whether the exact form applies.</summary>
    public bool IsExact { get; }

    /// <summary>The factor as a double.</summary>
    public double Factor { get; }

    /// <summary>The offset as a double.</summary>
    public double Offset { get; }

    /// <summary>Builds the scaling from the factor and offset exactly as the DBC writes them.</summary>
    /// <exception cref="FormatException">A text is not a number.</exception>
    public static DbcScale FromText(string factorText, string offsetText) =>
        FromText(
            factorText,
            offsetText,
            double.Parse(factorText, NumberStyles.Float, CultureInfo.InvariantCulture),
            double.Parse(offsetText, NumberStyles.Float, CultureInfo.InvariantCulture));

    /// <summary>
    /// Builds a signal's scaling from <see cref="DbcSignal.FactorText"/> and <see cref="DbcSignal.OffsetText"/>;
    /// when they are not numbers (a model built by hand), from <see cref="DbcSignal.Factor"/> and <see cref="DbcSignal.Offset"/>.
    /// </summary>
    public static DbcScale FromSignal(DbcSignal signal)
    {
        var factor = double.TryParse(signal.FactorText, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : double.NaN;
        var offset = double.TryParse(signal.OffsetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var o) ? o : double.NaN;
        return double.IsNaN(factor) || double.IsNaN(offset)
            ? new DbcScale(signal.Factor, signal.Offset, 1, false, signal.Factor, signal.Offset)
            : FromText(signal.FactorText, signal.OffsetText, factor, offset);
    }

    private static DbcScale FromText(string factorText, string offsetText, double factorDouble, double offsetDouble)
    {
        const decimal Limit = 9007199254740992m; // 2^53
        var factorOk = decimal.TryParse(factorText, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor);
        var offsetOk = decimal.TryParse(offsetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var offset);
        // Too large or too small for decimal (1e-30 reads as 0).
        if (!factorOk || !offsetOk || (factor == 0 && factorDouble != 0) || (offset == 0 && offsetDouble != 0))
        {
            return new DbcScale(factorDouble, offsetDouble, 1, false, factorDouble, offsetDouble);
        }

        var scale = Math.Max(DecimalPlaces(factor), DecimalPlaces(offset));
        if (scale > 15)
        {
            return new DbcScale(factorDouble, offsetDouble, 1, false, factorDouble, offsetDouble);
        }

        decimal divisor = 1;
        for (var i = 0; i < scale; i++)
        {
            divisor *= 10;
        }

        // Both numerators must stay below 2^53 (checked before multiplying, which could overflow decimal).
        if (Math.Abs(factor) >= Limit / divisor || Math.Abs(offset) >= Limit / divisor)
        {
            return new DbcScale(factorDouble, offsetDouble, 1, false, factorDouble, offsetDouble);
        }

        return new DbcScale((double)(factor * divisor), (double)(offset * divisor), (double)divisor, true, factorDouble, offsetDouble);
    }

    /// <summary>The physical value of a raw integer value.</summary>
    public double Apply(double raw) => IsExact ? ((raw * Multiplier) + Addend) / Divisor : (raw * Factor) + Offset;

    private static int DecimalPlaces(decimal value)
    {
        value /= 1.000000000000000000000000000000000m; // normalise: drop trailing zeros
        return (decimal.GetBits(value)[3] >> 16) & 0xFF;
    }
}

using System.Globalization;
using Pylontech.Can.Dbc;

namespace Pylontech.Can.Tests.Dbc;

/// <summary>Scaling gives the double nearest to the exact decimal result, and never throws on odd factors.</summary>
public sealed class DbcScaleTests
{
    [Theory]
    [InlineData("0.1", "0", 532, 53.2)]
    [InlineData("0.1", "0", 4800, 480.0)]
    [InlineData("0.01", "0", 4986, 49.86)]
    [InlineData("0.1", "0", -270, -27.0)]
    [InlineData("0.001", "0", 3279, 3.279)]
    [InlineData("0.5", "-10", -3, -11.5)]
    [InlineData("0.1", "-40", 403, 0.3)]
    public void Scaled_values_are_the_exact_decimal_result(string factor, string offset, long raw, double expected)
    {
        var scale = DbcScale.FromText(factor, offset);

        Assert.True(scale.IsExact);
        Assert.Equal(expected, scale.Apply(raw));
    }

    [Fact]
    public void Plain_multiplication_would_not_be_exact()
    {
        // The reason for the exact form: 3 * 0.1 in doubles is 0.30000000000000004.
        Assert.NotEqual(0.3, 3 * 0.1);
        Assert.Equal(0.3, DbcScale.FromText("0.1", "0").Apply(3));
    }

    [Theory]
    [InlineData("100000000000000", "0.000000000000001")]
    [InlineData("1E+20", "0.001")]
    [InlineData("1E-30", "0")]
    [InlineData("0.0000000000000001", "0")]
    public void Factors_the_exact_form_cannot_hold_fall_back_to_plain_arithmetic(string factor, string offset)
    {
        var scale = DbcScale.FromText(factor, offset);

        Assert.False(scale.IsExact);
        var expected = (3 * double.Parse(factor, CultureInfo.InvariantCulture)) + double.Parse(offset, CultureInfo.InvariantCulture);
        Assert.Equal(expected, scale.Apply(3));
    }

    [Fact]
    public void A_signal_with_texts_that_are_not_numbers_uses_its_numeric_factor()
    {
        var signal = new DbcSignal { Factor = 0.5, Offset = 1, FactorText = "half", OffsetText = "one" };

        var scale = DbcScale.FromSignal(signal);

        Assert.Equal(6, scale.Apply(10));
    }
}

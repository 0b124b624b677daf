using System.Buffers.Binary;
using System.Globalization;
using Pylontech.Can.Dbc;
using Pylontech.Can.Messages;

namespace Pylontech.Can.Tests.Messages;

/// <summary>Scaled signals read as the double nearest to the exact decimal value (raw 532 × 0.1 is 53.2, not 53.2000000001).</summary>
public sealed class ScalingExactnessTests
{
    private delegate double? Read(ReadOnlySpan<byte> data);

    private static readonly Dictionary<string, Read> ScaledSignals = new()
    {
        ["BatteryLimits.ChargeVoltageLimit"] = d => BatteryLimits.TryDecode(d, out var m) ? m.ChargeVoltageLimit : null,
        ["BatteryLimits.ChargeCurrentLimit"] = d => BatteryLimits.TryDecode(d, out var m) ? m.ChargeCurrentLimit : null,
        ["BatteryLimits.DischargeCurrentLimit"] = d => BatteryLimits.TryDecode(d, out var m) ? m.DischargeCurrentLimit : null,
        ["BatteryLimits.DischargeVoltageLimit"] = d => BatteryLimits.TryDecode(d, out var m) ? m.DischargeVoltageLimit : null,
        ["StateOfChargeAndHealth.StateOfChargeHighResolution"] = d => StateOfChargeAndHealth.TryDecode(d, out var m) ? m.StateOfChargeHighResolution : null,
        ["BatteryMeasurements.BatteryVoltage"] = d => BatteryMeasurements.TryDecode(d, out var m) ? m.BatteryVoltage : null,
        ["BatteryMeasurements.BatteryCurrent"] = d => BatteryMeasurements.TryDecode(d, out var m) ? m.BatteryCurrent : null,
        ["BatteryMeasurements.BatteryTemperature"] = d => BatteryMeasurements.TryDecode(d, out var m) ? m.BatteryTemperature : null,
        ["CellExtremes.MinCellVoltage"] = d => CellExtremes.TryDecode(d, out var m) ? m.MinCellVoltage : null,
        ["CellExtremes.MaxCellVoltage"] = d => CellExtremes.TryDecode(d, out var m) ? m.MaxCellVoltage : null,
    };

    public static TheoryData<string> Signals => new(ScaledSignals.Keys);

    [Fact]
    public void Every_scaled_signal_of_the_dbc_is_checked()
    {
        var scaled = DbcFile.Pylontech.Messages
            .SelectMany(m => m.Signals.Where(s => !s.IsUnscaled).Select(s => $"{m.Name}.{s.Name}"))
            .Order();

        Assert.Equal(scaled, ScaledSignals.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void Reads_the_nearest_double_to_the_exact_decimal_value_over_the_whole_raw_range(string name)
    {
        var message = DbcFile.Pylontech.Messages.Single(m => m.Name == name.Split('.')[0]);
        var signal = message.Signals.Single(s => s.Name == name.Split('.')[1]);
        Assert.Equal(DbcByteOrder.LittleEndian, signal.ByteOrder);
        var factor = decimal.Parse(signal.FactorText, NumberStyles.Float, CultureInfo.InvariantCulture);
        var offset = decimal.Parse(signal.OffsetText, NumberStyles.Float, CultureInfo.InvariantCulture);
        var minimum = signal.IsSigned ? -(1L << (signal.Length - 1)) : 0;
        var maximum = signal.IsSigned ? (1L << (signal.Length - 1)) - 1 : (1L << signal.Length) - 1;
        var mask = (1UL << signal.Length) - 1;
        var read = ScaledSignals[name];
        Span<byte> data = stackalloc byte[8];
        var mismatches = new List<string>();

        for (var raw = minimum; raw <= maximum; raw++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(data, ((ulong)raw & mask) << signal.StartBit);
            var expected = double.Parse(((decimal)raw * factor + offset).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

            var actual = read(data);

            if (actual != expected && mismatches.Count < 5)
            {
                mismatches.Add($"raw {raw}: expected {expected:R}, read {actual:R}");
            }
        }

        Assert.Empty(mismatches);
    }
}

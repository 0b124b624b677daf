using System.Globalization;
using CsCheck;
using Pylontech.Can.Dbc;
using Pylontech.Can.Decoding;

namespace Pylontech.Can.Tests.Decoding;

/// <summary>Rules that hold for every payload: decoding never throws, raw bits match a bit-by-bit reading, scaling is exact.</summary>
public sealed class DecoderPropertyTests
{
    private static readonly Lazy<DbcDecoder> Vehicle = new(() => new DbcDecoder(DbcFile.Load(TestFiles.TestData("vehicle.dbc"))));

    /// <summary>Identifiers worth trying: every message of both DBCs, and some that are in neither.</summary>
    private static readonly Gen<(uint Id, bool Extended)> Identifiers = Gen.OneOf(
        Gen.OneOf(DbcDecoder.Pylontech.Messages.Concat(Vehicle.Value.Messages).Select(m => (m.Id, m.IsExtended)).ToArray()),
        Gen.Select(Gen.UInt, Gen.Bool));

    [Fact]
    public void Decoding_never_throws_on_any_identifier_and_bytes()
    {
        Gen.Select(Identifiers, Gen.Byte.Array[0, 72]).Sample((target, data) =>
        {
            var values = new SignalValue[64];
            foreach (var decoder in new[] { DbcDecoder.Pylontech, Vehicle.Value })
            {
                if (decoder.TryDecode(target.Id, target.Extended, data, values, out _, out var count))
                {
                    foreach (var value in values.AsSpan(0, count))
                    {
                        _ = value.ToString();
                        _ = value.GetText();
                        _ = value.ValueName;
                        var bytesReceived = data.Length >= value.Signal.MinimumDataLength;
                        if (value.Signal.Definition.MultiplexerValue is null)
                        {
                            Assert.Equal(bytesReceived, value.IsPresent);
                        }
                        else
                        {
                            Assert.True(bytesReceived || !value.IsPresent);
                        }
                    }
                }
            }
        }, iter: 5000);
    }

    [Fact]
    public void A_decoder_built_from_a_damaged_dbc_never_throws()
    {
        var original = TestFiles.PylontechDbcText();
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Int[1, 30], Gen.Char["0123456789|@+-()M m:"], Gen.Byte.Array[0, 16]).Sample((at, length, c, data) =>
        {
            var damaged = original.Remove(at, Math.Min(length, original.Length - at)).Insert(at, c.ToString());
            var decoder = new DbcDecoder(DbcFile.ParseLenient(damaged));
            var values = new SignalValue[decoder.MaxSignalCount];
            foreach (var message in decoder.Messages)
            {
                Assert.True(decoder.TryDecode(message.Id, message.IsExtended, data, values, out _, out _));
            }
        }, iter: 300);
    }

    [Fact]
    public void Every_intel_unsigned_raw_value_matches_a_bit_by_bit_reading()
    {
        var decoder = DbcDecoder.Pylontech;
        static bool IsIntelUnsigned(SignalDescriptor s) => s.Definition.ByteOrder == DbcByteOrder.LittleEndian && !s.Definition.IsSigned;
        Assert.True(decoder.Messages.SelectMany(m => m.Signals).Count(IsIntelUnsigned) > 50);

        Gen.Byte.Array[8].Sample(data =>
        {
            var values = new SignalValue[decoder.MaxSignalCount];
            foreach (var message in decoder.Messages)
            {
                Assert.True(message.TryDecode(data, values, out _));
                foreach (var signal in message.Signals.Where(IsIntelUnsigned))
                {
                    Assert.True(
                        ReadIntelBits(data, signal.Definition.StartBit, signal.Definition.Length) == values[signal.Index].RawBits,
                        $"{signal}: {values[signal.Index].RawBits:X} from {Convert.ToHexString(data)}");
                }
            }
        }, iter: 2000);
    }

    [Fact]
    public void Every_motorola_raw_value_matches_a_bit_by_bit_reading()
    {
        var decoder = Vehicle.Value;
        var signals = decoder.Messages.SelectMany(m => m.Signals).Where(s => s.Definition.ByteOrder == DbcByteOrder.BigEndian).ToArray();
        Assert.Equal(7, signals.Length);
        Gen.Byte.Array[8].Sample(data =>
        {
            var values = new SignalValue[decoder.MaxSignalCount];
            foreach (var signal in signals)
            {
                signal.Message.TryDecode(data, values, out _);
                Assert.Equal(ReadMotorolaBits(data, signal.Definition.StartBit, signal.Definition.Length), values[signal.Index].RawBits);
            }
        }, iter: 2000);
    }

    [Fact]
    public void Every_scaled_signal_is_exact_over_its_whole_raw_range()
    {
        var decoder = DbcDecoder.Pylontech;
        var scaled = decoder.Messages.SelectMany(m => m.Signals).Where(s => !s.Definition.IsUnscaled).ToArray();
        Assert.Equal(10, scaled.Length);
        var values = new SignalValue[decoder.MaxSignalCount];
        var data = new byte[8];

        foreach (var signal in scaled)
        {
            var definition = signal.Definition;
            Assert.Equal(DbcByteOrder.LittleEndian, definition.ByteOrder);
            var factor = decimal.Parse(definition.FactorText, NumberStyles.Float, CultureInfo.InvariantCulture);
            var offset = decimal.Parse(definition.OffsetText, NumberStyles.Float, CultureInfo.InvariantCulture);
            var (low, high) = definition.IsSigned ? (-(1L << (definition.Length - 1)), (1L << (definition.Length - 1)) - 1) : (0L, (1L << definition.Length) - 1);
            for (var raw = low; raw <= high; raw++)
            {
                WriteIntelBits(data, definition.StartBit, definition.Length, (ulong)raw);
                Assert.True(signal.Message.TryDecode(data, values, out _));
                var expected = double.Parse(((raw * factor) + offset).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                if (values[signal.Index].Value != expected)
                {
                    Assert.Fail($"{signal}: raw {raw} gives {values[signal.Index].Value:R}, not {expected:R}");
                }
            }
        }
    }

    /// <summary>Reads an Intel signal one bit at a time: bit k of the value is bit (start + k) % 8 of byte (start + k) / 8.</summary>
    private static ulong ReadIntelBits(byte[] data, int start, int length)
    {
        ulong raw = 0;
        for (var k = 0; k < length; k++)
        {
            var position = start + k;
            var bit = (data[position / 8] >> (position % 8)) & 1;
            raw |= (ulong)bit << k;
        }

        return raw;
    }

    /// <summary>
    /// Reads a Motorola signal one bit at a time from its most significant bit: down inside a byte, and from bit 0 of a
    /// byte on to bit 7 of the next.
    /// </summary>
    private static ulong ReadMotorolaBits(byte[] data, int start, int length)
    {
        ulong raw = 0;
        var byteIndex = start / 8;
        var bitIndex = start % 8;
        for (var k = 0; k < length; k++)
        {
            raw = (raw << 1) | (uint)((data[byteIndex] >> bitIndex) & 1);
            if (bitIndex == 0)
            {
                byteIndex++;
                bitIndex = 7;
            }
            else
            {
                bitIndex--;
            }
        }

        return raw;
    }

    private static void WriteIntelBits(byte[] data, int start, int length, ulong raw)
    {
        for (var k = 0; k < length; k++)
        {
            var position = start + k;
            var mask = (byte)(1 << (position % 8));
            data[position / 8] = ((raw >> k) & 1) != 0 ? (byte)(data[position / 8] | mask) : (byte)(data[position / 8] & ~mask);
        }
    }
}

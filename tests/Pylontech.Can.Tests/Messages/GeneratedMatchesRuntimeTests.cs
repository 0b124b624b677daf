using CsCheck;
using Pylontech.Can.Dbc;
using Pylontech.Can.Decoding;

namespace Pylontech.Can.Tests.Messages;

/// <summary>
/// The generated decoder and the run-time decoder read the same DBC two ways (code written at build time, tables built
/// at run time); on any payload of any length they must agree on every signal of every message.
/// </summary>
public sealed class GeneratedMatchesRuntimeTests
{
    public static TheoryData<string> MessageNames()
    {
        var data = new TheoryData<string>();
        foreach (var message in DbcFile.Pylontech.Messages)
        {
            data.Add(message.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Generated_and_runtime_decoders_agree_on_random_payloads(string messageName)
    {
        var definition = DbcFile.Pylontech.Messages.Single(m => m.Name == messageName);
        var descriptor = DbcDecoder.Pylontech.FindMessage(definition.Id)!;
        Gen.Select(Gen.Byte.Array[8], Gen.Int[0, 8]).Sample((data, length) =>
        {
            // CsCheck samples on several threads: one values buffer per sample.
            var values = new SignalValue[Math.Max(1, DbcDecoder.Pylontech.MaxSignalCount)];
            var generated = GeneratedMessages.Decode(definition, data, length);
            Assert.True(descriptor.TryDecode(data.AsSpan(0, length), values, out var count));
            Assert.Equal(definition.Signals.Count, count);
            if (generated is null)
            {
                // The generated TryDecode refuses only an empty frame of a message with signals: nothing is present.
                Assert.Equal(0, length);
                Assert.All(values.AsSpan(0, count).ToArray(), v => Assert.False(v.IsPresent));
                return;
            }

            foreach (var signal in definition.Signals)
            {
                var value = values[descriptor.FindSignal(signal.Name)!.Index];
                var property = GeneratedMessages.PropertyOf(definition, signal).GetValue(generated);
                AssertSame(signal, value, property, data, length);
            }
        }, iter: 2000);
    }

    private static void AssertSame(DbcSignal signal, SignalValue runtime, object? generated, byte[] data, int length)
    {
        var where = $"{signal.Name} of {Convert.ToHexString(data.AsSpan(0, length))}";
        if (!runtime.IsPresent)
        {
            Assert.True(generated is null, $"{where}: generated {generated}, runtime absent");
            return;
        }

        Assert.True(generated is not null, $"{where}: generated null, runtime {runtime}");
        switch (generated)
        {
            case double d:
                Assert.True(d.Equals(runtime.Value), $"{where}: generated {d:R}, runtime {runtime.Value:R}");
                break;
            case bool b:
                Assert.True(b == runtime.IsSet, $"{where}: generated {b}, runtime {runtime.IsSet}");
                break;
            case CanText text:
                Assert.True(text.Equals(runtime.GetText()), $"{where}: generated '{text}', runtime '{runtime.GetText()}'");
                break;
            case Enum e:
                Assert.True(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture) == runtime.RawValue, $"{where}: generated {e}, runtime {runtime.RawValue}");
                Assert.Equal(runtime.ValueName ?? Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture), e.ToString());
                break;
            default:
                var integer = Convert.ToInt64(generated, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(integer == runtime.RawValue && integer == runtime.Value, $"{where}: generated {integer}, runtime {runtime.RawValue} / {runtime.Value:R}");
                break;
        }
    }
}

using Pylontech.Can.Decoding;

namespace Pylontech.Can.Tests.Decoding;

/// <summary>A decoded frame as a test sees it: the values by signal name.</summary>
internal sealed class DecodedFrame
{
    private DecodedFrame(MessageDescriptor message, SignalValue[] values)
    {
        Message = message;
        Values = values;
    }

    public MessageDescriptor Message { get; }

    public SignalValue[] Values { get; }

    public SignalValue this[string name] => Assert.Single(Values, v => v.Signal.Name == name);

    /// <summary>Decodes a frame given as hex bytes ("14 02 C0 12" or "1402C012"); fails the test when the decoder knows no such message.</summary>
    public static DecodedFrame Decode(DbcDecoder decoder, uint id, string hex, bool isExtended = false)
    {
        var data = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var values = new SignalValue[decoder.MaxSignalCount];
        Assert.True(decoder.TryDecode(id, isExtended, data, values, out var message, out var count), $"0x{id:X} is not decoded");
        Assert.Equal(message.Signals.Count, count);
        return new DecodedFrame(message, values[..count]);
    }

    /// <summary>Asserts the physical values of present signals.</summary>
    public DecodedFrame Has(params (string Name, double Value)[] expected)
    {
        foreach (var (name, value) in expected)
        {
            var actual = this[name];
            Assert.True(actual.IsPresent, $"{name} is absent");
            Assert.Equal(value, actual.Value);
        }

        return this;
    }

    /// <summary>Asserts that signals are absent.</summary>
    public DecodedFrame Lacks(params string[] names)
    {
        foreach (var name in names)
        {
            Assert.False(this[name].IsPresent, $"{name} is present");
        }

        return this;
    }
}

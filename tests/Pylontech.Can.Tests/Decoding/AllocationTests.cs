using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Tests.Decoding;

/// <summary>Decoding allocates nothing: values go into the caller's buffer, text into the caller's span.</summary>
public sealed class AllocationTests
{
    /// <summary>The classic Pylontech burst (reference vectors T1-T6) and the inverter heartbeat.</summary>
    private static readonly CanFrame[] Burst =
    [
        new(0x351, Convert.FromHexString("1402C012C012C201")),
        new(0x355, Convert.FromHexString("58005E00")),
        new(0x356, Convert.FromHexString("7A13F2FE6B01")),
        new(0x359, Convert.FromHexString("0000000006504E")),
        new(0x35C, Convert.FromHexString("C000")),
        new(0x35E, Convert.FromHexString("50594C4F4E202020")),
        new(0x305, Convert.FromHexString("0000000000000000")),
    ];

    [Fact]
    public void A_million_decodes_allocate_nothing()
    {
        var decoder = DbcDecoder.Pylontech;
        var values = new SignalValue[decoder.MaxSignalCount];
        var data = Burst.Select(f => f.Data.ToArray()).ToArray();
        var text = new char[64];
        var checksum = 0.0;

        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var frame = Burst[i % Burst.Length];
                if (i % 2 == 0)
                {
                    decoder.TryDecode(frame, values, out _, out var n);
                    checksum += n;
                }
                else
                {
                    decoder.TryDecode(frame.Id, false, data[i % Burst.Length], values, out var message, out var n);
                    checksum += n + (message?.Signals.Count ?? 0);
                }

                values[0].TryFormat(text, out var written, default, null);
                checksum += written + values[0].TextLength + (values[0].ValueName?.Length ?? 0);
            }
        }

        Run(10_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(1_000_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(checksum > 0);
    }
}

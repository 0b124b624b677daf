using Pylontech.Can.Frames;

namespace Pylontech.Can.Benchmarks;

/// <summary>The frames the benchmarks decode: a classic Pylontech stack's one-second burst plus the inverter heartbeat.</summary>
public static class PylontechBurst
{
    /// <summary>The seven classic frame ids, with data from the protocol reference's worked vectors (T1-T6) and a zero heartbeat.</summary>
    public static CanFrame[] Frames { get; } =
    [
        new(0x351, Convert.FromHexString("1402C012C012C201")),
        new(0x355, Convert.FromHexString("58005E00")),
        new(0x356, Convert.FromHexString("7A13F2FE6B01")),
        new(0x359, Convert.FromHexString("0000000006504E")),
        new(0x35C, Convert.FromHexString("C000")),
        new(0x35E, Convert.FromHexString("50594C4F4E202020")),
        new(0x305, Convert.FromHexString("0000000000000000")),
    ];

    /// <summary>A stream of <paramref name="bursts"/> bursts, in the order a stack sends them.</summary>
    public static CanFrame[] Stream(int bursts) => Enumerable.Repeat(Frames, bursts).SelectMany(f => f).ToArray();
}

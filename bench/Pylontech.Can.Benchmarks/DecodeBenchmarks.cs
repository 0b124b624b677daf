using BenchmarkDotNet.Attributes;
using Pylontech.Can.Decoding;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Benchmarks;

/// <summary>
/// The cost of decoding one frame of a mixed stream of the seven classic Pylontech frame ids. Each benchmark decodes
/// the same <see cref="FramesPerInvoke"/> frames and reports the time per frame.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    /// <summary>Frames per benchmark call: 100 bursts of 7.</summary>
    public const int FramesPerInvoke = 700;

    private readonly CanFrame[] _frames = PylontechBurst.Stream(FramesPerInvoke / 7);
    private readonly byte[][] _data;
    private readonly DbcDecoder _decoder = DbcDecoder.Pylontech;
    private readonly SignalValue[] _values;

    /// <summary>Prepares the frames and the values buffer.</summary>
    public DecodeBenchmarks()
    {
        _data = _frames.Select(f => f.Data.ToArray()).ToArray();
        _values = new SignalValue[_decoder.MaxSignalCount];
    }

    /// <summary>The run-time decoder, frame by frame (<see cref="DbcDecoder.TryDecode(in CanFrame, Span{SignalValue}, out MessageDescriptor?, out int)"/>).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = FramesPerInvoke)]
    public int Runtime()
    {
        var decoded = 0;
        foreach (ref readonly var frame in _frames.AsSpan())
        {
            _decoder.TryDecode(in frame, _values, out _, out var count);
            decoded += count;
        }

        return decoded;
    }

    /// <summary>The run-time decoder from an identifier and a byte span, as a socket or log reader would call it.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int RuntimeFromBytes()
    {
        var decoded = 0;
        var frames = _frames;
        var data = _data;
        for (var i = 0; i < frames.Length; i++)
        {
            _decoder.TryDecode(frames[i].Id, false, data[i], _values, out _, out var count);
            decoded += count;
        }

        return decoded;
    }

    // The decoder generated at compile time is measured over the same frames by adding here:
    // [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Generated() { ... foreach frame in _frames ... }
}

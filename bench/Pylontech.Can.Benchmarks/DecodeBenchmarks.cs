using BenchmarkDotNet.Attributes;
using Pylontech.Can.Messages;
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

    /// <summary>
    /// The decoder generated at compile time: the dispatcher switches on the id, and the handler reads every signal of
    /// the message (the same work the run-time decoder does when it fills a value per signal).
    /// </summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public double Generated()
    {
        var handler = default(ReadEverySignal);
        foreach (ref readonly var frame in _frames.AsSpan())
        {
            PylontechMessages.TryDecode(in frame, ref handler);
        }

        return handler.Sum;
    }

    /// <summary>Reads every signal of the seven classic messages, so that no decode is optimised away.</summary>
    private struct ReadEverySignal : IPylontechMessageHandler
    {
        public double Sum;

        public void Handle(in BatteryLimits m) =>
            Sum += (m.ChargeVoltageLimit ?? 0) + (m.ChargeCurrentLimit ?? 0) + (m.DischargeCurrentLimit ?? 0) + (m.DischargeVoltageLimit ?? 0);

        public void Handle(in StateOfChargeAndHealth m) =>
            Sum += (m.StateOfCharge ?? 0) + (m.StateOfHealth ?? 0) + (m.StateOfChargeHighResolution ?? 0);

        public void Handle(in BatteryMeasurements m) =>
            Sum += (m.BatteryVoltage ?? 0) + (m.BatteryCurrent ?? 0) + (m.BatteryTemperature ?? 0);

        public void Handle(in ProtectionAndAlarm m) =>
            Sum += Flag(m.CellOverVoltageProtection) + Flag(m.CellUnderVoltageProtection) + Flag(m.CellOverTemperatureProtection) +
                   Flag(m.CellUnderTemperatureProtection) + Flag(m.DischargeOverCurrentProtection) + Flag(m.ChargeOverCurrentProtection) +
                   Flag(m.SystemErrorProtection) + Flag(m.VendorSystemErrorProtection) + Flag(m.CellHighVoltageAlarm) +
                   Flag(m.CellLowVoltageAlarm) + Flag(m.CellHighTemperatureAlarm) + Flag(m.CellLowTemperatureAlarm) +
                   Flag(m.DischargeHighCurrentAlarm) + Flag(m.ChargeHighCurrentAlarm) + Flag(m.InternalCommunicationFailAlarm) +
                   Flag(m.VendorSystemErrorAlarm) + (m.ModuleCount ?? 0) + (ushort)(m.ProtocolMarker ?? 0) + (m.OnlineModuleBitmap ?? 0);

        public void Handle(in ChargeRequest m) =>
            Sum += Flag(m.ChargeEnable) + Flag(m.DischargeEnable) + Flag(m.RequestForceCharge1) + Flag(m.RequestForceCharge2) + Flag(m.RequestFullCharge);

        public void Handle(in Manufacturer m) => Sum += m.ManufacturerName?.Length ?? 0;

        public void Handle(in InverterHeartbeat m) => Sum += m.Length;

        private static double Flag(bool? value) => value == true ? 1 : 0;
    }
}

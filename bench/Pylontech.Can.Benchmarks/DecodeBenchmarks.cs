using System.Buffers.Binary;
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
    /// The decoder generated at compile time, read eagerly: the dispatcher switches on the id, and the handler reads
    /// every signal of the message. This is the eager equivalent of the run-time decoder, which fills a value per signal.
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

    /// <summary>
    /// The decoder generated at compile time as a user calls it: the dispatcher switches on the id and passes the typed
    /// message, and the handler reads one representative signal. The typed messages decode lazily (a signal is unpacked
    /// when its property is read), so this is what decoding a frame and reading the value one needs costs.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public double GeneratedDecode()
    {
        var handler = default(ReadOneSignal);
        foreach (ref readonly var frame in _frames.AsSpan())
        {
            PylontechMessages.TryDecode(in frame, ref handler);
        }

        return handler.Sum;
    }

    /// <summary>
    /// For comparison, the decoder one would write by hand for the same frames: a <c>switch</c> on the id and a
    /// <see cref="BinaryPrimitives"/> read of the same one signal per message as <see cref="GeneratedDecode"/>, with the
    /// same checks (remote, error and extended frames ignored; a value read only when its bytes were received).
    /// </summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public double HandWrittenSwitch()
    {
        var sum = 0.0;
        foreach (ref readonly var frame in _frames.AsSpan())
        {
            if (frame.Flags != CanFrameFlags.None)
            {
                continue;
            }

            var data = frame.Data;
            switch (frame.Id)
            {
                case 0x351 when data.Length >= 2:
                    sum += BinaryPrimitives.ReadUInt16LittleEndian(data) / 10.0;
                    break;
                case 0x355 when data.Length >= 2:
                    sum += BinaryPrimitives.ReadUInt16LittleEndian(data);
                    break;
                case 0x356 when data.Length >= 2:
                    sum += BinaryPrimitives.ReadInt16LittleEndian(data) / 100.0;
                    break;
                case 0x359 when data.Length >= 5:
                    sum += data[4];
                    break;
                case 0x35C when data.Length >= 1:
                    sum += data[0] >> 7;
                    break;
                case 0x35E when data.Length >= 1:
                    sum += data.TrimEnd(" \0"u8).Length;
                    break;
                case 0x305:
                    sum += data.Length;
                    break;
            }
        }

        return sum;
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

    /// <summary>Reads one representative signal of each of the seven classic messages: the value a user typically needs.</summary>
    private struct ReadOneSignal : IPylontechMessageHandler
    {
        public double Sum;

        public void Handle(in BatteryLimits m) => Sum += m.ChargeVoltageLimit ?? 0;

        public void Handle(in StateOfChargeAndHealth m) => Sum += m.StateOfCharge ?? 0;

        public void Handle(in BatteryMeasurements m) => Sum += m.BatteryVoltage ?? 0;

        public void Handle(in ProtectionAndAlarm m) => Sum += m.ModuleCount ?? 0;

        public void Handle(in ChargeRequest m) => Sum += m.ChargeEnable == true ? 1 : 0;

        public void Handle(in Manufacturer m) => Sum += m.ManufacturerName?.Length ?? 0;

        public void Handle(in InverterHeartbeat m) => Sum += m.Length;
    }
}

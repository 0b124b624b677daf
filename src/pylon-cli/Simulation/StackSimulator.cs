using Pylontech.Can.Dbc;
using Pylontech.Can.Frames;

namespace Pylontech.Cli.Simulation;

/// <summary>Which frame set the simulated battery sends.</summary>
internal enum SimulatedFirmware
{
    /// <summary>Pylon V1.2 firmware: 0x351, 0x355 (4 bytes), 0x356, 0x359, 0x35C, 0x35E.</summary>
    Classic,

    /// <summary>Newer firmware: 0x351, 0x355 (6 bytes), 0x356, 0x35A, 0x35E, 0x35F — no 0x359 or 0x35C.</summary>
    New,
}

/// <summary>What to simulate.</summary>
internal sealed record SimulationOptions
{
    /// <summary>Number of US5000 modules (100 Ah each) in the stack.</summary>
    public int Modules { get; init; } = 2;

    /// <summary>The frame set to send.</summary>
    public SimulatedFirmware Firmware { get; init; } = SimulatedFirmware.Classic;

    /// <summary>Seed of the random load and solar noise: the same seed gives the same log.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The first second of the log, in seconds since the Unix epoch.</summary>
    public long StartUnixSeconds { get; init; } = 1_700_000_000;

    /// <summary>The state of charge at the start, 0 to 1.</summary>
    public double InitialStateOfCharge { get; init; } = 0.6;

    /// <summary>The interface named in the log.</summary>
    public string Interface { get; init; } = "can0";

    /// <summary>Whether an inverter on the bus answers with the 0x305 heartbeat every second.</summary>
    public bool InverterHeartbeat { get; init; } = true;
}

/// <summary>
/// A physically consistent Pylontech stack: state of charge follows the integrated current, voltage follows the state
/// of charge (an LFP open-circuit curve plus the internal resistance), temperature drifts with the ambient and the
/// current, and limits, requests and alarms follow the thresholds a real BMS uses. One burst of frames per second.
/// </summary>
internal sealed class StackSimulator
{
    /// <summary>Capacity of one US5000 module.</summary>
    public const double ModuleAmpHours = 100;

    // LFP 15-cell open-circuit voltage against state of charge.
    private static readonly (double Soc, double Volts)[] OpenCircuit =
    [
        (0.00, 45.0), (0.05, 48.5), (0.10, 49.6), (0.20, 50.4), (0.50, 51.4), (0.80, 52.2), (0.90, 52.6), (0.97, 53.2), (1.00, 53.8),
    ];

    private readonly SimulationOptions _options;
    private readonly Random _random;
    private readonly DbcFile _dbc = DbcFile.Pylontech;
    private double _load;
    private long _second;

    public StackSimulator(SimulationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Modules, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Modules, 16);
        _options = options;
        _random = new Random(options.Seed);
        StateOfCharge = Math.Clamp(options.InitialStateOfCharge, 0, 1);
        Temperature = 22;
    }

    /// <summary>State of charge now, 0 to 1.</summary>
    public double StateOfCharge { get; private set; }

    /// <summary>Stack current now, A (+ = charging).</summary>
    public double Current { get; private set; }

    /// <summary>Stack voltage now, V.</summary>
    public double Voltage { get; private set; }

    /// <summary>Average cell temperature now, °C.</summary>
    public double Temperature { get; private set; }

    /// <summary>Capacity of the stack, Ah.</summary>
    public double CapacityAmpHours => _options.Modules * ModuleAmpHours;

    /// <summary>The open-circuit voltage of the stack at a state of charge.</summary>
    /// <param name="soc">State of charge, 0 to 1.</param>
    /// <returns>Volts.</returns>
    public static double OpenCircuitVoltage(double soc)
    {
        soc = Math.Clamp(soc, 0, 1);
        for (var i = 1; i < OpenCircuit.Length; i++)
        {
            if (soc <= OpenCircuit[i].Soc)
            {
                var (s0, v0) = OpenCircuit[i - 1];
                var (s1, v1) = OpenCircuit[i];
                return v0 + ((v1 - v0) * (soc - s0) / (s1 - s0));
            }
        }

        return OpenCircuit[^1].Volts;
    }

    /// <summary>Advances one second and returns that second's frames in the order a Pylontech master sends them.</summary>
    /// <returns>The frames, timestamped 1 ms apart from the start of the second (the heartbeat half a second later).</returns>
    public IReadOnlyList<CanFrame> NextSecond()
    {
        Step();
        var t0 = (_options.StartUnixSeconds + _second) * 1_000_000L;
        _second++;
        var frames = new List<CanFrame>(8);
        var classic = _options.Firmware == SimulatedFirmware.Classic;
        var chargeLimit = ChargeCurrentLimit();
        var dischargeLimit = DischargeCurrentLimit();

        if (classic)
        {
            frames.Add(Flags());
        }

        frames.Add(Build(0x351)
            .Set("ChargeVoltageLimit", 53.2).Set("ChargeCurrentLimit", chargeLimit)
            .Set("DischargeCurrentLimit", dischargeLimit).Set("DischargeVoltageLimit", 45.0).ToFrame());
        frames.Add(Build(0x355)
            .Set("StateOfCharge", Math.Round(StateOfCharge * 100)).Set("StateOfHealth", 99).Set("StateOfChargeHighResolution", 0)
            .ToFrame(length: classic ? 4 : 6));
        frames.Add(Build(0x356)
            .Set("BatteryVoltage", Voltage).Set("BatteryCurrent", Current).Set("BatteryTemperature", Temperature)
            .ToFrame(length: 6));
        if (classic)
        {
            frames.Add(Build(0x35C)
                .Set("ChargeEnable", chargeLimit > 0).Set("DischargeEnable", dischargeLimit > 0)
                .Set("RequestForceCharge1", StateOfCharge < 0.05).Set("RequestForceCharge2", StateOfCharge < 0.09)
                .ToFrame(length: 2));
        }
        else
        {
            frames.Add(AlarmStates());
        }

        frames.Add(Build(0x35E).SetText("ManufacturerName", "PYLON").ToFrame());
        if (!classic)
        {
            frames.Add(Build(0x35F).SetText("BatteryType", "LI").Set("BmsVersionMajor", 1).Set("BmsVersionMinor", 3)
                .Set("Capacity", CapacityAmpHours).Set("ManufacturerCode", 0xAA).ToFrame());
        }

        var result = new List<CanFrame>(frames.Count + 1);
        for (var i = 0; i < frames.Count; i++)
        {
            result.Add(frames[i].WithTimestamp(t0 + (i * 1000)).WithInterface(_options.Interface));
        }

        if (_options.InverterHeartbeat)
        {
            result.Add(Build(0x305).ToFrame(timestampMicroseconds: t0 + 500_000, interfaceName: _options.Interface));
        }

        return result;
    }

    private DbcFrameBuilder Build(uint id) => new(_dbc.FindMessage(id)!);

    private void Step()
    {
        // Time of day drives the profile: night load, morning ramp, solar charging, evening load.
        var hour = ((_options.StartUnixSeconds + _second) % 86_400) / 3600.0;
        var solar = hour is > 7 and < 18 ? Math.Sin(Math.PI * (hour - 7) / 11) : 0;
        _load = Math.Clamp(_load + ((_random.NextDouble() - 0.5) * 0.4), -3, 3);
        var perModule = (solar * 28) - (hour is >= 18 or < 7 ? 9 : 4) + _load;
        var current = perModule * _options.Modules;

        current = Math.Min(current, ChargeCurrentLimit());
        current = Math.Max(current, -DischargeCurrentLimit());
        Current = Math.Round(current, 1);

        StateOfCharge = Math.Clamp(StateOfCharge + (Current / 3600.0 / CapacityAmpHours), 0, 1);
        var resistance = 0.03 / _options.Modules;
        Voltage = Math.Round(OpenCircuitVoltage(StateOfCharge) + (Current * resistance), 2);

        var ambient = 20 + (5 * Math.Sin(2 * Math.PI * (hour - 9) / 24));
        var heating = Current * Current / (_options.Modules * _options.Modules) * 0.0002; // I²R heating per module, °C per second
        Temperature = Math.Round(Temperature + ((ambient - Temperature) * 0.0005) + heating, 1);
    }

    private double ChargeCurrentLimit()
    {
        if (StateOfCharge >= 0.995 || Temperature < 0 || Temperature > 50)
        {
            return 0;
        }

        var full = 30.0 * _options.Modules;
        return StateOfCharge > 0.95 ? Math.Round(full * 0.2, 1) : full;
    }

    private double DischargeCurrentLimit() =>
        StateOfCharge <= 0.02 || Temperature > 55 ? 0 : 40.0 * _options.Modules;

    private CanFrame Flags()
    {
        var builder = Build(0x359)
            .Set("CellOverVoltageProtection", Voltage > 54.0)
            .Set("CellUnderVoltageProtection", StateOfCharge < 0.01)
            .Set("CellOverTemperatureProtection", Temperature > 55)
            .Set("CellUnderTemperatureProtection", Temperature < -5)
            .Set("CellHighVoltageAlarm", Voltage > 53.5)
            .Set("CellLowVoltageAlarm", StateOfCharge < 0.05)
            .Set("CellHighTemperatureAlarm", Temperature > 45)
            .Set("CellLowTemperatureAlarm", Temperature < 5)
            .Set("DischargeHighCurrentAlarm", Current < -0.9 * 40 * _options.Modules)
            .Set("ChargeHighCurrentAlarm", Current > 0.9 * 30 * _options.Modules)
            .Set("ModuleCount", _options.Modules)
            .Set("ProtocolMarker", 0x4E50); // 'P','N'
        return builder.ToFrame(length: 7);
    }

    private CanFrame AlarmStates()
    {
        const double Active = 1, Ok = 2;
        return Build(0x35A)
            .Set("GeneralAlarm", Ok)
            .Set("HighVoltageAlarm", Voltage > 54.0 ? Active : Ok)
            .Set("LowVoltageAlarm", StateOfCharge < 0.01 ? Active : Ok)
            .Set("HighTemperatureAlarm", Temperature > 55 ? Active : Ok)
            .Set("LowTemperatureAlarm", Temperature < -5 ? Active : Ok)
            .Set("GeneralWarning", Ok)
            .Set("HighVoltageWarning", Voltage > 53.5 ? Active : Ok)
            .Set("LowVoltageWarning", StateOfCharge < 0.05 ? Active : Ok)
            .Set("HighTemperatureWarning", Temperature > 45 ? Active : Ok)
            .Set("LowTemperatureWarning", Temperature < 5 ? Active : Ok)
            .ToFrame();
    }
}

using System.Globalization;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Mqtt;

/// <summary>
/// The latest decoded value of every signal of every Pylontech frame, when each frame was last seen, and the values
/// derived from them (power, stored energy, charged and discharged energy, charge and discharge allowed).
/// </summary>
/// <remarks>
/// Pure: it is fed frames and the time they arrived, and does no I/O. <see cref="Apply"/> allocates nothing, so it keeps
/// up with a replayed log. Not thread-safe: one writer, readers synchronised by the caller.
/// </remarks>
public sealed class BatteryState
{
    private readonly FrameDecoder _decoder;
    private readonly double[] _values;
    private readonly ulong[] _raw;
    private readonly bool[] _everNonZero;
    private readonly TimeSpan[] _lastSeen;
    private readonly bool[] _seen;
    private readonly (ulong Raw, string Text)?[] _textCache;
    private readonly BatteryStateOptions _options;
    private readonly Slots _slots;

    /// <summary>Creates an empty state.</summary>
    /// <param name="options">Capacity and energy options; defaults when null.</param>
    /// <param name="energy">The energy counters to continue (e.g. loaded by <see cref="EnergyCounterStore"/>); new ones when null.</param>
    public BatteryState(BatteryStateOptions? options = null, EnergyCounter? energy = null)
    {
        _decoder = FrameDecoder.Pylontech;
        _options = options ?? new BatteryStateOptions();
        _values = new double[_decoder.SlotCount];
        Array.Fill(_values, double.NaN);
        _raw = new ulong[_decoder.SlotCount];
        _everNonZero = new bool[_decoder.SlotCount];
        _textCache = new (ulong, string)?[_decoder.SlotCount];
        _lastSeen = new TimeSpan[_decoder.MessageCount];
        _seen = new bool[_decoder.MessageCount];
        _slots = new Slots(_decoder);
        Energy = energy ?? new EnergyCounter(_options.EnergyMaxGap);
    }

    /// <summary>The charged and discharged energy counters, integrated from voltage × current of every 0x356 frame.</summary>
    public EnergyCounter Energy { get; }

    /// <summary>The number of frames decoded so far.</summary>
    public long FrameCount { get; private set; }

    /// <summary>When the last frame sent by the battery (anything but the inverter's 0x305) arrived, or null before the first.</summary>
    public TimeSpan? LastBatteryFrameAt { get; private set; }

    /// <summary>Battery voltage (0x356), V.</summary>
    public double? Voltage => Value(_slots.Voltage);

    /// <summary>Battery current (0x356), A; positive while charging.</summary>
    public double? Current => Value(_slots.Current);

    /// <summary>Power = voltage × current, W; positive while charging.</summary>
    public double? Power => Voltage * Current;

    /// <summary>State of charge (0x355), %.</summary>
    public double? StateOfCharge => Value(_slots.StateOfCharge);

    /// <summary>Average cell temperature (0x356), °C.</summary>
    public double? Temperature => Value(_slots.Temperature);

    /// <summary>Discharge current limit (0x351) as a magnitude, A: some batteries send it negative.</summary>
    public double? DischargeCurrentLimit => Value(_slots.DischargeCurrentLimit) is { } dcl ? Math.Abs(dcl) : null;

    /// <summary>
    /// The stack's capacity in watt-hours: the ampere-hours the battery sends (0x379 InstalledCapacity, else 0x35F
    /// Capacity) × the battery voltage; else <see cref="BatteryStateOptions.CapacityWh"/>; else module count ×
    /// <see cref="BatteryStateOptions.ModuleWh"/>. Null when none is known.
    /// </summary>
    public double? CapacityWh
    {
        get
        {
            var ah = Positive(Value(_slots.InstalledCapacity)) ?? Positive(Value(_slots.Capacity));
            if (ah is { } amphours && Voltage is { } volts && volts > 0)
            {
                return amphours * volts;
            }

            if (_options.CapacityWh is { } configured)
            {
                return configured;
            }

            var modules = Positive(Value(_slots.ModuleCount)) ?? Positive(Value(_slots.ModulesOnline));
            return modules * _options.ModuleWh;
        }
    }

    /// <summary>Energy stored now = state of charge × <see cref="CapacityWh"/>, kWh.</summary>
    public double? StoredEnergyKwh => StateOfCharge / 100 * CapacityWh / 1000;

    /// <summary>
    /// Whether the battery allows charging: 0x35C ChargeEnable when the battery sends it; otherwise (newer firmware)
    /// derived from the limits, charge current limit &gt; 0.
    /// </summary>
    public bool? ChargeAllowed =>
        HasSeen(_slots.ChargeRequest) ? Flag(_slots.ChargeEnable) : Value(_slots.ChargeCurrentLimit) is { } ccl ? ccl > 0 : null;

    /// <summary>
    /// Whether the battery allows discharging: 0x35C DischargeEnable when the battery sends it; otherwise derived from the
    /// limits, discharge current limit ≠ 0.
    /// </summary>
    public bool? DischargeAllowed =>
        HasSeen(_slots.ChargeRequest) ? Flag(_slots.DischargeEnable) : Value(_slots.DischargeCurrentLimit) is { } dcl ? dcl != 0 : null;

    /// <summary>Whether the battery speaks the newer firmware's frames (0x35A or 0x35F) and none of the classic 0x359/0x35C.</summary>
    public bool IsNewFirmware =>
        (HasSeen(_slots.AlarmsAndWarnings) || HasSeen(_slots.BatteryInfo)) && !HasSeen(_slots.ProtectionAndAlarm) && !HasSeen(_slots.ChargeRequest);

    /// <summary>The manufacturer name (0x35E) without its padding, e.g. <c>PYLON</c>; null until sent.</summary>
    public string? Manufacturer => Text(_slots.ManufacturerName);

    /// <summary>The battery type (0x35F), e.g. <c>LI</c>; null until sent.</summary>
    public string? BatteryType => Text(_slots.BatteryType);

    /// <summary>The BMS firmware version (0x35F), e.g. <c>1.3</c>; null until sent.</summary>
    public string? FirmwareVersion =>
        Value(_slots.BmsVersionMajor) is { } major && Value(_slots.BmsVersionMinor) is { } minor
            ? string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}")
            : null;

    /// <summary>Applies one frame: decodes its signals into the state and integrates energy from 0x356.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="timestamp">When it arrived, on a monotonic clock (e.g. <see cref="TimeProvider.GetElapsedTime(long)"/>).</param>
    /// <returns>What changed.</returns>
    public FrameEffects Apply(in CanFrame frame, TimeSpan timestamp)
    {
        var layout = _decoder.Find(frame);
        if (layout is null)
        {
            return FrameEffects.None;
        }

        var effects = FrameEffects.Decoded;
        if (!_seen[layout.Index])
        {
            _seen[layout.Index] = true;
            effects |= FrameEffects.NewData;
        }

        _lastSeen[layout.Index] = timestamp;
        FrameCount++;
        if (layout.Index != _slots.InverterHeartbeat)
        {
            LastBatteryFrameAt = timestamp;
        }

        var data = frame.RawData;
        var length = frame.Length;
        foreach (ref readonly var signal in layout.Signals.AsSpan())
        {
            if (length < signal.BytesNeeded && !(signal.IsText && length * 8 > signal.Start))
            {
                continue;
            }

            var raw = signal.Raw(data);
            var value = signal.Scale(raw);
            var slot = signal.Slot;
            var previous = _values[slot];
            if (double.IsNaN(previous))
            {
                effects |= FrameEffects.NewData;
            }
            else if (signal.IsWatched && previous != value)
            {
                effects |= FrameEffects.FlagChanged;
            }

            if (raw != 0 && !_everNonZero[slot])
            {
                _everNonZero[slot] = true;
                effects |= FrameEffects.NewData;
            }

            _values[slot] = value;
            _raw[slot] = raw;
        }

        if (layout.Index == _slots.Measurements && !double.IsNaN(_values[_slots.Voltage]) && !double.IsNaN(_values[_slots.Current]))
        {
            Energy.AddSample(timestamp, _values[_slots.Voltage] * _values[_slots.Current]);
        }

        return effects;
    }

    /// <summary>The latest value of a DBC signal, or null before a frame carried it.</summary>
    /// <param name="message">The DBC message name, e.g. <c>BatteryLimits</c>.</param>
    /// <param name="signal">The DBC signal name, e.g. <c>ChargeVoltageLimit</c>.</param>
    /// <exception cref="KeyNotFoundException">The DBC has no such signal.</exception>
    public double? Get(string message, string signal) => Value(_decoder.SlotOf(message, signal));

    /// <summary>The latest text of an ASCII DBC signal (e.g. <c>Manufacturer</c>, <c>ManufacturerName</c>), padding removed.</summary>
    /// <param name="message">The DBC message name.</param>
    /// <param name="signal">The DBC signal name.</param>
    /// <exception cref="KeyNotFoundException">The DBC has no such signal.</exception>
    public string? GetText(string message, string signal) => Text(_decoder.SlotOf(message, signal));

    /// <summary>Whether a frame of this identifier has been seen.</summary>
    /// <param name="frameId">The 11-bit identifier, e.g. 0x359.</param>
    public bool HasSeen(uint frameId) => IndexOf(frameId) is { } index && _seen[index];

    /// <summary>When a frame of this identifier was last seen, or null if never.</summary>
    /// <param name="frameId">The 11-bit identifier.</param>
    public TimeSpan? LastSeen(uint frameId) => IndexOf(frameId) is { } index && _seen[index] ? _lastSeen[index] : null;

    internal double? Value(int slot) => double.IsNaN(_values[slot]) ? null : _values[slot];

    internal bool HasValue(int slot) => !double.IsNaN(_values[slot]);

    internal bool EverNonZero(int slot) => _everNonZero[slot];

    internal bool? Flag(int slot) => double.IsNaN(_values[slot]) ? null : _values[slot] != 0;

    internal bool HasSeen(MessageIndex message) => _seen[message.Index];

    internal TimeSpan? LastSeen(MessageIndex message) => _seen[message.Index] ? _lastSeen[message.Index] : null;

    internal string? Text(int slot)
    {
        if (double.IsNaN(_values[slot]))
        {
            return null;
        }

        var raw = _raw[slot];
        if (_textCache[slot] is { } cached && cached.Raw == raw)
        {
            return cached.Text;
        }

        Span<byte> bytes = stackalloc byte[8];
        var count = 0;
        for (; count < 8 && (raw >> (count * 8)) != 0; count++)
        {
            bytes[count] = (byte)(raw >> (count * 8));
        }

        var text = System.Text.Encoding.ASCII.GetString(bytes[..count]).TrimEnd(' ', '\0');
        _textCache[slot] = (raw, text);
        return text;
    }

    private int? IndexOf(uint frameId) =>
        frameId <= 0x7FF && _decoder.Find(CanFrame.FromRaw(frameId, 0, 0)) is { } layout ? layout.Index : null;

    private static double? Positive(double? value) => value > 0 ? value : null;

    /// <summary>The slots and message indices this class reads by name, resolved once against the DBC.</summary>
    private sealed class Slots
    {
        public Slots(FrameDecoder decoder)
        {
            Voltage = decoder.SlotOf("BatteryMeasurements", "BatteryVoltage");
            Current = decoder.SlotOf("BatteryMeasurements", "BatteryCurrent");
            Temperature = decoder.SlotOf("BatteryMeasurements", "BatteryTemperature");
            StateOfCharge = decoder.SlotOf("StateOfChargeAndHealth", "StateOfCharge");
            ChargeCurrentLimit = decoder.SlotOf("BatteryLimits", "ChargeCurrentLimit");
            DischargeCurrentLimit = decoder.SlotOf("BatteryLimits", "DischargeCurrentLimit");
            ChargeEnable = decoder.SlotOf("ChargeRequest", "ChargeEnable");
            DischargeEnable = decoder.SlotOf("ChargeRequest", "DischargeEnable");
            InstalledCapacity = decoder.SlotOf("CapacityInfo", "InstalledCapacity");
            Capacity = decoder.SlotOf("BatteryInfo", "Capacity");
            ModuleCount = decoder.SlotOf("ProtectionAndAlarm", "ModuleCount");
            ModulesOnline = decoder.SlotOf("ModuleStatus", "ModulesOnline");
            ManufacturerName = decoder.SlotOf("Manufacturer", "ManufacturerName");
            BatteryType = decoder.SlotOf("BatteryInfo", "BatteryType");
            BmsVersionMajor = decoder.SlotOf("BatteryInfo", "BmsVersionMajor");
            BmsVersionMinor = decoder.SlotOf("BatteryInfo", "BmsVersionMinor");
            Measurements = decoder.MessageNamed("BatteryMeasurements").Index;
            InverterHeartbeat = decoder.MessageNamed("InverterHeartbeat").Index;
            ChargeRequest = new(decoder.MessageNamed("ChargeRequest").Index);
            ProtectionAndAlarm = new(decoder.MessageNamed("ProtectionAndAlarm").Index);
            AlarmsAndWarnings = new(decoder.MessageNamed("AlarmsAndWarnings").Index);
            BatteryInfo = new(decoder.MessageNamed("BatteryInfo").Index);
        }

        public int Voltage { get; }

        public int Current { get; }

        public int Temperature { get; }

        public int StateOfCharge { get; }

        public int ChargeCurrentLimit { get; }

        public int DischargeCurrentLimit { get; }

        public int ChargeEnable { get; }

        public int DischargeEnable { get; }

        public int InstalledCapacity { get; }

        public int Capacity { get; }

        public int ModuleCount { get; }

        public int ModulesOnline { get; }

        public int ManufacturerName { get; }

        public int BatteryType { get; }

        public int BmsVersionMajor { get; }

        public int BmsVersionMinor { get; }

        public int Measurements { get; }

        public int InverterHeartbeat { get; }

        public MessageIndex ChargeRequest { get; }

        public MessageIndex ProtectionAndAlarm { get; }

        public MessageIndex AlarmsAndWarnings { get; }

        public MessageIndex BatteryInfo { get; }
    }
}

/// <summary>The index of a DBC message in a <see cref="BatteryState"/>.</summary>
internal readonly record struct MessageIndex(int Index);

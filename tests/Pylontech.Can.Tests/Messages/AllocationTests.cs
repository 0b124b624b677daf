using Pylontech.Can.Frames;
using Pylontech.Can.Messages;

namespace Pylontech.Can.Tests.Messages;

public sealed class AllocationTests
{
    private static readonly CanFrame[] Frames =
    [
        Frame(0x305, "0000000000000000"),
        Frame(0x351, "1402C012C012C201"),
        Frame(0x355, "58005E00"),
        Frame(0x355, "3C00640084170000"),
        Frame(0x356, "7A13F2FE6B01"),
        Frame(0x359, "9E099E0901504E"),
        Frame(0x35A, "AAAAAA02AAAAAA02"),
        Frame(0x35C, "C000"),
        Frame(0x35E, "50594C4F4E202020"),
        Frame(0x35F, "4C4901033C02AA00"),
        Frame(0x372, "0200000000000000"),
        Frame(0x373, "CA0CCF0C1B011C01"),
        Frame(0x374, "3032303400000000"),
        Frame(0x375, "5061636B2D303123"),
        Frame(0x376, "30323034"),
        Frame(0x377, "3032"),
        Frame(0x379, "C800000000000000"),
        Frame(0x123, "0102"),
    ];

    [Fact]
    public void Decoding_a_million_mixed_frames_and_reading_every_signal_allocates_nothing()
    {
        var handler = new ReadEverySignal();
        Run(ref handler, Frames.Length * 10); // first calls: JIT, static constructors

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(ref handler, 1_000_000);
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
        Assert.True(handler.Messages > 900_000);
        Assert.NotEqual(0, handler.Sum);
    }

    [Fact]
    public void Every_message_of_the_file_is_read_by_the_allocation_check()
    {
        var handled = new HashSet<uint>();
        var handler = new ReadEverySignal();
        foreach (var frame in Frames)
        {
            if (PylontechMessages.TryDecode(frame, ref handler))
            {
                handled.Add(frame.Id);
            }
        }

        Assert.Equal(PylontechMessages.Ids.Order(), handled.Order());
    }

    private static void Run(ref ReadEverySignal handler, int count)
    {
        var frames = Frames;
        for (var i = 0; i < count; i++)
        {
            if (PylontechMessages.TryDecode(frames[i % frames.Length], ref handler))
            {
                handler.Messages++;
            }
        }
    }

    private static CanFrame Frame(uint id, string hex) => new(id, Convert.FromHexString(hex));

    private struct ReadEverySignal : IPylontechMessageHandler
    {
        public double Sum;
        public int Messages;

        public void Handle(in InverterHeartbeat m) => Sum += m.Length;

        public void Handle(in BatteryLimits m) =>
            Sum += V(m.ChargeVoltageLimit) + V(m.ChargeCurrentLimit) + V(m.DischargeCurrentLimit) + V(m.DischargeVoltageLimit);

        public void Handle(in StateOfChargeAndHealth m) =>
            Sum += V(m.StateOfCharge) + V(m.StateOfHealth) + V(m.StateOfChargeHighResolution);

        public void Handle(in BatteryMeasurements m) =>
            Sum += V(m.BatteryVoltage) + V(m.BatteryCurrent) + V(m.BatteryTemperature);

        public void Handle(in ProtectionAndAlarm m) =>
            Sum += V(m.CellOverVoltageProtection) + V(m.CellUnderVoltageProtection) + V(m.CellOverTemperatureProtection)
                + V(m.CellUnderTemperatureProtection) + V(m.DischargeOverCurrentProtection) + V(m.ChargeOverCurrentProtection)
                + V(m.SystemErrorProtection) + V(m.VendorSystemErrorProtection) + V(m.CellHighVoltageAlarm) + V(m.CellLowVoltageAlarm)
                + V(m.CellHighTemperatureAlarm) + V(m.CellLowTemperatureAlarm) + V(m.DischargeHighCurrentAlarm)
                + V(m.ChargeHighCurrentAlarm) + V(m.InternalCommunicationFailAlarm) + V(m.VendorSystemErrorAlarm)
                + V(m.ModuleCount) + V(m.ProtocolMarker) + V(m.OnlineModuleBitmap);

        public void Handle(in AlarmsAndWarnings m) =>
            Sum += V(m.GeneralAlarm) + V(m.HighVoltageAlarm) + V(m.LowVoltageAlarm) + V(m.HighTemperatureAlarm) + V(m.LowTemperatureAlarm)
                + V(m.HighTemperatureChargeAlarm) + V(m.LowTemperatureChargeAlarm) + V(m.HighDischargeCurrentAlarm)
                + V(m.HighChargeCurrentAlarm) + V(m.ContactorAlarm) + V(m.ShortCircuitAlarm) + V(m.BmsInternalAlarm)
                + V(m.CellImbalanceAlarm) + V(m.GeneralWarning) + V(m.HighVoltageWarning) + V(m.LowVoltageWarning)
                + V(m.HighTemperatureWarning) + V(m.LowTemperatureWarning) + V(m.HighTemperatureChargeWarning)
                + V(m.LowTemperatureChargeWarning) + V(m.HighDischargeCurrentWarning) + V(m.HighChargeCurrentWarning)
                + V(m.ContactorWarning) + V(m.ShortCircuitWarning) + V(m.BmsInternalWarning) + V(m.CellImbalanceWarning);

        public void Handle(in ChargeRequest m) =>
            Sum += V(m.RequestFullCharge) + V(m.RequestForceCharge2) + V(m.RequestForceCharge1) + V(m.DischargeEnable) + V(m.ChargeEnable);

        public void Handle(in Manufacturer m) => Sum += V(m.ManufacturerName);

        public void Handle(in BatteryInfo m) =>
            Sum += V(m.BatteryType) + V(m.BmsVersionMajor) + V(m.BmsVersionMinor) + V(m.Capacity) + V(m.ManufacturerCode);

        public void Handle(in ModuleStatus m) =>
            Sum += V(m.ModulesOnline) + V(m.ModulesBlockingCharge) + V(m.ModulesBlockingDischarge) + V(m.ModulesOffline);

        public void Handle(in CellExtremes m) =>
            Sum += V(m.MinCellVoltage) + V(m.MaxCellVoltage) + V(m.MinCellTemperature) + V(m.MaxCellTemperature);

        public void Handle(in MinCellVoltageId m) => Sum += V(m.MinCellVoltageName);

        public void Handle(in MaxCellVoltageId m) => Sum += V(m.MaxCellVoltageName);

        public void Handle(in MinCellTemperatureId m) => Sum += V(m.MinCellTemperatureName);

        public void Handle(in MaxCellTemperatureId m) => Sum += V(m.MaxCellTemperatureName);

        public void Handle(in InstalledCapacity m) => Sum += V(m.InstalledCapacityValue);

        private static double V(double? value) => value ?? 0;

        private static double V(bool? value) => value == true ? 1 : 0;

        private static double V(byte? value) => value ?? 0;

        private static double V(ushort? value) => value ?? 0;

        private static double V(AlarmState? value) => (double)(value ?? 0);

        private static double V(ProtocolMarker? value) => (double)(value ?? 0);

        private static double V(CanText? value) => value is { } text && text.Equals("PYLON") ? 2 : value?.Length ?? 0;
    }
}

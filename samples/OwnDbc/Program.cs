// Decodes frames of a made-up BMS with the types the Pylontech.Can generator makes from solar-bms.dbc at build time.
// A mistake in solar-bms.dbc is a build error that names the file, line and column (PYL001...).
using Pylontech.Can.Frames;
using SolarBms.Messages;

CanFrame[] frames =
[
    new(0x400, Convert.FromHexString("B414C4FFA9120000")),   // 53.00 V, -6.0 A, SOC 84.5 %, Discharging, heater on
    new(0x401, Convert.FromHexString("FB1C0A0D")),           // -5 °C .. 28 °C, lowest cell 3.338 V
    new(0x400, Convert.FromHexString("B414")),               // a short frame: only the pack voltage is there
    new(0x123, [1, 2, 3]),                                   // not in the DBC
];

var printer = new Printer();
foreach (var frame in frames)
{
    if (!SolarBmsMessages.TryDecode(in frame, ref printer))
    {
        Console.WriteLine($"0x{frame.Id:X3}: not in {SolarBmsMessages.FileName}");
    }
}

// Or one message directly, without the dispatcher.
if (PackStatus.TryDecode(Convert.FromHexString("B414C4FFA9120000"), out var status) && status.Mode == Mode.Discharging)
{
    Console.WriteLine($"discharging at {-status.PackCurrent} A, {status.StateOfCharge} % left");
}

internal struct Printer : ISolarBmsMessageHandler
{
    public readonly void Handle(in PackStatus message) => Console.WriteLine(message);

    public readonly void Handle(in CellTemperatures message) => Console.WriteLine(message);
}
